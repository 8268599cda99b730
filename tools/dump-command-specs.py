#!/usr/bin/env python3
"""Dump the command metadata of a reference redis-server (COMMAND INFO + COMMAND DOCS) as JSON.

Quicksilver's command table is data: arity, flags, key specs, ACL categories, group, since,
summary and arguments come from the Redis version whose behaviour we reproduce. This script
re-generates core/src/main/resources/io/quicksilver/command/redis-commands.json from a running
redis-server (RESP3, so maps stay maps):

    redis-server --port 6399 --save '' &
    tools/dump-command-specs.py 6399 > core/src/main/resources/io/quicksilver/command/redis-commands.json
"""
import json, socket, sys

def conn(port):
    s = socket.create_connection(("127.0.0.1", port))
    return s, s.makefile("rb")

def send(s, *args):
    out = b"*%d\r\n" % len(args)
    for a in args:
        a = a.encode() if isinstance(a, str) else a
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    s.sendall(out)

def read(f):
    line = f.readline()[:-2]
    t, rest = chr(line[0]), line[1:]
    if t in "+": return rest.decode()
    if t == "-": raise RuntimeError(rest.decode())
    if t == ":": return int(rest)
    if t == ",": return float(rest)
    if t == "#": return rest == b"t"
    if t == "_": return None
    if t in "$=":
        n = int(rest)
        if n < 0: return None
        data = f.read(n + 2)[:-2].decode()
        return data[4:] if t == "=" else data
    if t in "*~>":
        n = int(rest)
        return None if n < 0 else [read(f) for _ in range(n)]
    if t == "%":
        n = int(rest)
        d = {}
        for _ in range(n):
            k = read(f); d[k] = read(f)
        return d
    raise RuntimeError("unexpected " + t)

def main():
    port = int(sys.argv[1])
    s, f = conn(port)
    send(s, "HELLO", "3"); read(f)
    send(s, "INFO", "server"); info = read(f)
    version = [l.split(":")[1] for l in info.splitlines() if l.startswith("redis_version:")][0]
    send(s, "COMMAND", "INFO"); infos = read(f)
    send(s, "COMMAND", "DOCS"); docs = read(f)
    def info_obj(i):
        return {"name": i[0], "arity": i[1], "flags": i[2], "first": i[3], "last": i[4],
                "step": i[5], "acl": i[6], "tips": i[7], "keySpecs": i[8],
                "subcommands": [info_obj(x) for x in i[9]]}
    out = {"redisVersion": version, "commands": {}}
    for i in infos:
        o = info_obj(i)
        d = docs.get(o["name"], {})
        o["docs"] = {k: v for k, v in d.items() if k != "subcommands"}
        for sub in o["subcommands"]:
            sub["docs"] = d.get("subcommands", {}).get(sub["name"], {})
        out["commands"][o["name"]] = o
    json.dump(out, sys.stdout, indent=None, sort_keys=True, separators=(",", ":"))
    sys.stdout.write("\n")

main()
