# The TCP sink of bench/lib/tcp.mjs, in Python: a process of its own that reads and discards
# everything sent to it (recv in a C loop). Prints its port, then serves until stdin closes.
from tcp_peer import serve_forever


def drain(conn):
    try:
        while conn.recv(1 << 20):
            pass
    except OSError:
        pass
    finally:
        conn.close()


serve_forever(drain)
