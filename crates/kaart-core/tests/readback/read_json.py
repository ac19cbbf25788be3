"""Reads a JSON export back with Python's own json module and prints it again.

    read_json.py PATH   -> the document, as JSON (UTF-8, strict)
"""
import json
import sys

with open(sys.argv[1], encoding="utf-8") as f:
    document = json.load(f)
json.dump(document, sys.stdout, ensure_ascii=False)
