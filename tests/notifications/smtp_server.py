"""A real SMTP server for tests, on a free local port: it refuses the first `failures` messages with a temporary
error (451, as a mail server under load does) and keeps the ones it accepts."""

import socketserver
import threading


class _Session(socketserver.StreamRequestHandler):
    def reply(self, text):
        self.wfile.write(f"{text}\r\n".encode())

    def handle(self):
        server = self.server
        self.reply("220 test.local ESMTP")
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 test.local")
            elif command.startswith("MAIL FROM"):
                with server.lock:
                    refuse = server.failures_left > 0
                    server.failures_left -= refuse
                self.reply("451 4.3.0 Try again later" if refuse else "250 OK")
            elif command == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = b"".join(iter(lambda: self.rfile.readline(), b".\r\n"))
                with server.lock:
                    server.delivered.append(data.decode(errors="replace"))
                self.reply("250 OK queued")
            elif command == "QUIT":
                self.reply("221 Bye")
                return
            else:  # RCPT, RSET, NOOP
                self.reply("250 OK")


class FlakySMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, failures=0):
        super().__init__(("127.0.0.1", 0), _Session)
        self.failures_left = failures
        self.delivered = []
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self):
        return self.server_address[1]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()


def use_smtp(settings, server):
    """Point Django's SMTP backend at `server` (plain SMTP, no login)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", server.port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
