"""A real SMTP server for the tests, and an independent reader of what it got.

Run with Debian's /usr/bin/python3 (python3-aiosmtpd; scripts/setup.sh):

  smtp_sink.py serve DIR   listen on 127.0.0.1 (a free port), print
                           "listening on PORT", and save every message as
                           DIR/NNN.eml (the bytes as received) with its
                           envelope recipients in DIR/NNN.rcpt, each written
                           whole (temp file + rename).
  smtp_sink.py read FILE   print the message as JSON, decoded by Python's
                           email package: to, from, subject, body (text).
"""

import asyncio
import json
import os
import sys
from email import message_from_bytes, policy


def serve(directory):
    from aiosmtpd.smtp import SMTP

    class Saver:
        def __init__(self):
            self.count = 0

        async def handle_DATA(self, server, session, envelope):
            self.count += 1
            base = os.path.join(directory, "%03d" % self.count)
            for ext, data in ((".rcpt", "\n".join(envelope.rcpt_tos).encode()),
                              (".eml", envelope.original_content or envelope.content)):
                with open(base + ext + ".tmp", "wb") as f:
                    f.write(data)
                os.rename(base + ext + ".tmp", base + ext)
            return "250 Message accepted for delivery"

    handler = Saver()

    async def main():
        loop = asyncio.get_running_loop()
        server = await loop.create_server(lambda: SMTP(handler), "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        print("listening on %d" % port, flush=True)
        await server.serve_forever()

    asyncio.run(main())


def read(path):
    with open(path, "rb") as f:
        msg = message_from_bytes(f.read(), policy=policy.default)
    body = msg.get_body(preferencelist=("plain",))
    print(json.dumps({
        "to": [a.addr_spec for a in msg["To"].addresses],
        "from": [a.addr_spec for a in msg["From"].addresses],
        "subject": str(msg["Subject"]),
        "content_type": body.get_content_type(),
        "body": body.get_content(),
    }))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "serve":
        serve(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "read":
        read(sys.argv[2])
    else:
        sys.exit(__doc__)
