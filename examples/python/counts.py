"""Prints the all-time total and today's count of this app's Vanity add-on.

Run: VANITY_URL=... python3 examples/python/counts.py   (on Heroku the add-on sets VANITY_URL)
"""
import base64
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

url = urllib.parse.urlsplit(os.environ["VANITY_URL"])
credentials = f"{urllib.parse.unquote(url.username)}:{urllib.parse.unquote(url.password)}"
netloc = url.hostname + (f":{url.port}" if url.port else "")
request = urllib.request.Request(
    urllib.parse.urlunsplit((url.scheme, netloc, url.path.rstrip("/") + "/counts", "", "")),
    headers={"Authorization": "Basic " + base64.b64encode(credentials.encode()).decode()},
)
try:
    with urllib.request.urlopen(request) as response:
        counts = json.load(response)
except urllib.error.HTTPError as error:
    sys.exit(f"Vanity answered {error.code}: {json.load(error)['message']}")
print(f"all-time total: {counts['total']}")
print(f"today: {counts['recent']['today']}")
