#!/usr/bin/env python3
"""A TCP peer for the io reliability tests (real-sources.test.ts), on 127.0.0.1 only.

Listens on a free port, prints "PORT <n>", accepts one connection, then:

  send TOTAL SEED MAXCHUNK   sends TOTAL pseudo-random bytes (random.Random(SEED)) in chunks of
                             random sizes from 1 to MAXCHUNK, printing "SENT <bytes>" after each
                             MiB, then "SHA256 <hex>"; shuts its side down (the reader's eof) and
                             waits for the reader to close.
  reset TOTAL SEED           sends TOTAL bytes, prints "SHA256 <hex>", waits for one byte from
                             the reader (it read them all), then closes with SO_LINGER 0: a
                             reset (RST) while the reader waits for more.

Every line is flushed at once. The peer exits after 60 s whatever happens.
"""
import hashlib
import random
import signal
import socket
import struct
import sys


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main():
    signal.alarm(60)
    mode = sys.argv[1]
    total = int(sys.argv[2])
    rng = random.Random(int(sys.argv[3]))
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    say("PORT %d" % listener.getsockname()[1])
    conn, _ = listener.accept()
    listener.close()
    digest = hashlib.sha256()
    sent = 0
    next_report = 1 << 20
    max_chunk = int(sys.argv[4]) if mode == "send" else 1 << 16
    while sent < total:
        n = min(rng.randint(1, max_chunk), total - sent)
        chunk = rng.randbytes(n)
        digest.update(chunk)
        conn.sendall(chunk)
        sent += n
        if sent >= next_report:
            say("SENT %d" % sent)
            next_report += 1 << 20
    say("SHA256 " + digest.hexdigest())
    if mode == "send":
        conn.shutdown(socket.SHUT_WR)
        while conn.recv(65536):
            pass
        conn.close()
    elif mode == "reset":
        conn.recv(1)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()
    say("DONE")


if __name__ == "__main__":
    main()
