"""A fake of Microsoft's OpenID metadata + signing keys (JWKS), and tokens signed with a key the test owns.

It runs in its own thread, so a test can stall it (`stall`) while the server's event loop goes on.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

ISSUER = "https://api.botframework.com"  # what the Bot Framework channel puts in `iss`


class _QuietServer(ThreadingHTTPServer):
    """A client that gave up on a stalled request (the point of the stall test) is no error to print."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


class FakeOpenId:
    def __init__(self, key_id: str = "test-key-1", endorsements: tuple[str, ...] = ("msteams",)) -> None:
        self.key_id = key_id
        self.private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        jwk = json.loads(RSAAlgorithm.to_jwk(self.private_key.public_key()))
        jwk.update(kid=key_id, use="sig", endorsements=list(endorsements))
        self.jwks = {"keys": [jwk]}
        self.requests: list[str] = []
        self.stalled = threading.Event()  # while set, every request hangs (an endpoint that does not answer)
        self.released = threading.Event()
        self._server = _QuietServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.metadata_url = f"{self.url}/.well-known/openidconfiguration"
        # A short poll interval: shutdown() waits for it, once per test.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), name="fake-openid",
                                        daemon=True)

    def start(self) -> FakeOpenId:
        self._thread.start()
        return self

    def stall(self) -> None:
        self.released.clear()
        self.stalled.set()

    def release(self) -> None:
        self.stalled.clear()
        self.released.set()

    def stop(self) -> None:
        self.release()
        self._server.shutdown()
        self._server.server_close()

    def token(self, app_id: str, service_url: str, *, key: Any = None, issuer: str = ISSUER,
              lifetime: int = 3600, key_id: str | None = None, extra: dict[str, Any] | None = None) -> str:
        """A channel → bot token as the Bot Framework issues it (RS256, aud = the bot's app id)."""
        now = int(time.time())
        claims = {"iss": issuer, "aud": app_id, "serviceurl": service_url, "nbf": now - 10, "iat": now - 10,
                  "exp": now + lifetime, **(extra or {})}
        return jwt.encode(claims, key or self.private_key, algorithm="RS256",
                          headers={"kid": key_id or self.key_id})

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake.requests.append(self.path)
                if fake.stalled.is_set():
                    fake.released.wait(30)
                if self.path == "/.well-known/openidconfiguration":
                    body = {"issuer": ISSUER, "jwks_uri": f"{fake.url}/keys",
                            "id_token_signing_alg_values_supported": ["RS256"]}
                elif self.path == "/keys":
                    body = fake.jwks
                else:
                    self.send_error(404)
                    return
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
                pass

        return Handler
