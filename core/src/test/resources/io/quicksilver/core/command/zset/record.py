#!/usr/bin/env python3
"""Records redis-server's replies to the sorted-set scenarios, for SortedSetCommandsTest.

usage: record.py PORT [scenarios.txt] [expected.json]

scenarios.txt: blocks that start with "### name"; each line after it is a command, split with
shell rules (shlex). A line "!config NAME VALUE" sets an encoding threshold (applied with
CONFIG SET here and directly on the engine in the test). Every scenario runs on a flushed
database in two modes, "default" (Redis's default thresholds) and "skiplist"
(zset-max-listpack-entries 0 unless the scenario sets thresholds itself), once in RESP2 and
once in RESP3. Replies are rendered as canonical text (see render()), which the Java test
reproduces from its own Reply.
"""
import json
import shlex
import socket
import sys


class Conn:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port))
        self.f = self.s.makefile("rb")

    def send(self, args):
        out = [b"*%d\r\n" % len(args)]
        for a in args:
            b = a.encode("utf-8") if isinstance(a, str) else a
            out.append(b"$%d\r\n%s\r\n" % (len(b), b))
        self.s.sendall(b"".join(out))
        return self.read()

    def line(self):
        return self.f.readline()[:-2]

    def read(self):
        l = self.line()
        t, rest = chr(l[0]), l[1:]
        if t == '+':
            return ('simple', rest.decode())
        if t == '-':
            return ('error', rest.decode())
        if t == ':':
            return ('int', int(rest))
        if t == '$':
            n = int(rest)
            if n < 0:
                return ('nullbulk', None)
            data = self.f.read(n + 2)[:-2]
            return ('bulk', data)
        if t == '*':
            n = int(rest)
            if n < 0:
                return ('nullarray', None)
            return ('array', [self.read() for _ in range(n)])
        if t == '_':
            return ('null', None)
        if t == ',':
            return ('double', rest.decode())
        if t == '#':
            return ('bool', rest == b't')
        if t == '%':
            n = int(rest)
            return ('map', [(self.read(), self.read()) for _ in range(n)])
        if t == '~':
            n = int(rest)
            return ('set', [self.read() for _ in range(n)])
        if t == '=':
            n = int(rest)
            data = self.f.read(n + 2)[:-2]
            return ('bulk', data[4:])
        if t == '(':
            return ('big', rest.decode())
        raise ValueError("unexpected reply type " + t)


def render(r):
    t, v = r
    if t == 'simple':
        return '+' + v
    if t == 'error':
        return '!' + v
    if t == 'int':
        return str(v)
    if t == 'bulk':
        return json.dumps(v.decode('utf-8', 'surrogateescape'), ensure_ascii=True)
    if t == 'nullbulk':
        return 'nil'
    if t == 'nullarray':
        return 'nil*'
    if t == 'null':
        return '_'
    if t == 'double':
        return ',' + v
    if t == 'bool':
        return '#t' if v else '#f'
    if t == 'array':
        return '[' + ','.join(render(x) for x in v) + ']'
    if t == 'set':
        return '~[' + ','.join(render(x) for x in v) + ']'
    if t == 'map':
        return '{' + ','.join(render(k) + ':' + render(x) for k, x in v) + '}'
    if t == 'big':
        return '(' + v
    raise ValueError(t)


def scenarios(path):
    out = []
    cur = None
    for raw in open(path, encoding='utf-8'):
        line = raw.rstrip('\n')
        if not line.strip() or line.startswith('#') and not line.startswith('###'):
            continue
        if line.startswith('###'):
            cur = {'name': line[3:].strip(), 'commands': []}
            out.append(cur)
        else:
            cur['commands'].append(shlex.split(line))
    return out


DEFAULTS = [('zset-max-listpack-entries', '128'), ('zset-max-listpack-value', '64'),
            ('set-max-intset-entries', '512')]


def run(port, sc, mode, proto):
    c = Conn(port)
    for k, v in DEFAULTS:
        c.send(['CONFIG', 'SET', k, v])
    c.send(['FLUSHALL'])
    if proto == 3:
        c.send(['HELLO', '3'])
    has_config = any(cmd[0] == '!config' for cmd in sc['commands'])
    if mode == 'skiplist' and not has_config:
        c.send(['CONFIG', 'SET', 'zset-max-listpack-entries', '0'])
    replies = []
    for cmd in sc['commands']:
        if cmd[0] == '!config':
            c.send(['CONFIG', 'SET', cmd[1], cmd[2]])
            replies.append(None)
            continue
        replies.append(render(c.send(cmd)))
    c.s.close()
    return replies


def main():
    port = int(sys.argv[1])
    src = sys.argv[2] if len(sys.argv) > 2 else 'scenarios.txt'
    dst = sys.argv[3] if len(sys.argv) > 3 else 'expected.json'
    result = []
    for sc in scenarios(src):
        entry = {'name': sc['name'], 'commands': sc['commands'], 'modes': {}}
        for mode in ('default', 'skiplist'):
            entry['modes'][mode] = {'resp2': run(port, sc, mode, 2), 'resp3': run(port, sc, mode, 3)}
        result.append(entry)
    with open(dst, 'w', encoding='utf-8') as f:
        f.write('[\n')
        f.write(',\n'.join(json.dumps(e, ensure_ascii=True) for e in result))
        f.write('\n]\n')
    Conn(port).send(['CONFIG', 'SET', 'zset-max-listpack-entries', '128'])


if __name__ == '__main__':
    main()
