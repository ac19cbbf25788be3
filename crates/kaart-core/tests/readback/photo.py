"""Contact photos for the tests, made and read back with Pillow (Debian's
python3-pil), independent of the Rust image code under test.

  photo.py gps-jpeg OUT   a 1200x800 JPEG with EXIF: camera make and GPS
                          position (52.09 N, 5.12 E), orientation 1
  photo.py plain-png OUT   a 300x200 PNG of one colour, without metadata
  photo.py bomb-png OUT    a PNG of a few dozen bytes that declares
                          60000x60000 pixels (a decompression bomb)
  photo.py check FILE     JSON: format, width, height, whether any EXIF
                          (and GPS) is there, and the other metadata keys
"""
import json
import struct
import sys
import zlib

from PIL import Image


def gps_jpeg(out):
    img = Image.new("RGB", (1200, 800))
    img.putdata([((x * 7) % 256, (y * 3) % 256, 128) for y in range(800) for x in range(1200)])
    exif = Image.Exif()
    exif[0x010F] = "Kaarttest camera"  # Make
    exif[0x0112] = 1  # Orientation
    exif[0x8825] = {1: "N", 2: (52.0, 5.0, 26.0), 3: "E", 4: (5.0, 7.0, 17.0)}  # GPSInfo
    img.save(out, "JPEG", exif=exif.tobytes(), comment=b"made by photo.py")
    # Proof the input has what the output must not.
    back = Image.open(out).getexif()
    assert back.get_ifd(0x8825).get(2) is not None, "the test photo has a GPS position"


def plain_png(out):
    Image.new("RGB", (300, 200), (40, 120, 200)).save(out, "PNG")


def bomb_png(out):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", 60000, 60000, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1000)
    with open(out, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def check(path):
    img = Image.open(path)
    exif = img.getexif()
    gps = dict(exif.get_ifd(0x8825)) if 0x8825 in exif else {}
    print(json.dumps({
        "format": img.format,
        "width": img.width,
        "height": img.height,
        "exif": len(exif) > 0 or "exif" in img.info,
        "gps": len(gps) > 0,
        "info": sorted(k for k in img.info if k not in ("jfif", "jfif_version", "jfif_unit", "jfif_density", "dpi", "progressive", "progression")),
    }))


if __name__ == "__main__":
    {"gps-jpeg": gps_jpeg, "plain-png": plain_png, "bomb-png": bomb_png, "check": check}[sys.argv[1]](sys.argv[2])
