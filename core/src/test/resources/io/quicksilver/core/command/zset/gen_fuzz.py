#!/usr/bin/env python3
"""Writes fuzz-scenarios.txt: random sorted-set command sequences whose replies are deterministic
(no ZRANDMEMBER below the set size, no ZSCAN, lex ranges only on keys whose scores are all 0,
since Redis's skiplist answers those from random node levels otherwise).

usage: gen_fuzz.py [seed] [scenarios] [commands]; then record.py PORT fuzz-scenarios.txt fuzz-expected.json
"""
import random
import sys

seed = int(sys.argv[1]) if len(sys.argv) > 1 else 7
count = int(sys.argv[2]) if len(sys.argv) > 2 else 40
length = int(sys.argv[3]) if len(sys.argv) > 3 else 60
rnd = random.Random(seed)

Z = ['z1', 'z2', 'z3']
L = ['l1', 'l2']
MEMBERS = ['a', 'b', 'c', 'd', 'e', 'f', 'ab', '1', '10', '-3']
SCORES = ['0', '1', '2', '2.5', '-1', '-0', '3', '10', '0.1', '1e17', 'inf', '-inf', '-2.5']


def score():
    return rnd.choice(SCORES)


def member():
    return rnd.choice(MEMBERS)


def bound():
    s = rnd.choice(SCORES + ['+inf', '-inf'])
    return ('(' + s) if rnd.random() < 0.3 else s


def lexbound():
    r = rnd.random()
    if r < 0.15:
        return '-'
    if r < 0.3:
        return '+'
    return rnd.choice('[(') + member()


def rank():
    return str(rnd.randint(-6, 6))


def limit():
    return ['LIMIT', str(rnd.choice([0, 0, 1, 2, -1])), str(rnd.choice([1, 2, 3, -1, 0]))]


def cmd():
    z = rnd.choice(Z)
    l = rnd.choice(L)
    r = rnd.random()
    c = rnd.randrange(26)
    if c == 0 or c == 1:
        opts = []
        for o in ['NX', 'XX', 'GT', 'LT', 'CH']:
            if rnd.random() < 0.12:
                opts.append(o)
        pairs = []
        for _ in range(rnd.randint(1, 4)):
            pairs += [score(), member()]
        return ['ZADD', z] + opts + pairs
    if c == 2:
        return ['ZADD', l, '0', member(), '0', member()]
    if c == 3:
        return ['ZINCRBY', z, score(), member()]
    if c == 4:
        return ['ZADD', z, 'INCR'] + (['GT'] if rnd.random() < 0.3 else []) + [score(), member()]
    if c == 5:
        return ['ZREM', rnd.choice([z, l]), member(), member()]
    if c == 6:
        o = ['WITHSCORES'] if rnd.random() < 0.5 else []
        if rnd.random() < 0.4:
            o.append('REV')
        return ['ZRANGE', z, rank(), rank()] + o
    if c == 7:
        o = ['BYSCORE']
        rev = rnd.random() < 0.4
        if rev:
            o.append('REV')
        if rnd.random() < 0.5:
            o.append('WITHSCORES')
        if rnd.random() < 0.4:
            o += limit()
        return ['ZRANGE', z, bound(), bound()] + o
    if c == 8:
        o = ['BYLEX'] + (['REV'] if rnd.random() < 0.4 else [])
        if rnd.random() < 0.4:
            o += limit()
        return ['ZRANGE', l, lexbound(), lexbound()] + o
    if c == 9:
        name = rnd.choice(['ZRANGEBYSCORE', 'ZREVRANGEBYSCORE'])
        o = ['WITHSCORES'] if rnd.random() < 0.5 else []
        if rnd.random() < 0.4:
            o += limit()
        return [name, z, bound(), bound()] + o
    if c == 10:
        name = rnd.choice(['ZRANGEBYLEX', 'ZREVRANGEBYLEX'])
        o = limit() if rnd.random() < 0.4 else []
        return [name, l, lexbound(), lexbound()] + o
    if c == 11:
        return ['ZCOUNT', z, bound(), bound()]
    if c == 12:
        return ['ZLEXCOUNT', l, lexbound(), lexbound()]
    if c == 13:
        return [rnd.choice(['ZRANK', 'ZREVRANK', 'ZSCORE']), rnd.choice([z, l]), member()]
    if c == 14:
        return ['ZMSCORE', z, member(), member(), member()]
    if c == 15:
        return ['ZREMRANGEBYRANK', z, rank(), rank()]
    if c == 16:
        return ['ZREMRANGEBYSCORE', z, bound(), bound()]
    if c == 17:
        return ['ZREMRANGEBYLEX', l, lexbound(), lexbound()]
    if c == 18:
        name = rnd.choice(['ZPOPMIN', 'ZPOPMAX'])
        return [name, rnd.choice([z, l])] + ([str(rnd.randint(0, 3))] if rnd.random() < 0.6 else [])
    if c == 19:
        ks = rnd.sample(Z + L, rnd.randint(1, 3))
        return ['ZMPOP', str(len(ks))] + ks + [rnd.choice(['MIN', 'MAX'])] + \
            (['COUNT', str(rnd.randint(1, 3))] if rnd.random() < 0.5 else [])
    if c in (20, 21):
        op = rnd.choice(['ZUNION', 'ZINTER', 'ZDIFF'])
        ks = [rnd.choice(Z) for _ in range(rnd.randint(1, 3))]
        o = []
        if op != 'ZDIFF' and rnd.random() < 0.4:
            o += ['WEIGHTS'] + [rnd.choice(['1', '2', '-1', '0', '0.5', 'inf']) for _ in ks]
        if op != 'ZDIFF' and rnd.random() < 0.4:
            o += ['AGGREGATE', rnd.choice(['SUM', 'MIN', 'MAX'])]
        store = rnd.random() < 0.4
        if store:
            return [op + 'STORE', rnd.choice(Z), str(len(ks))] + ks + o
        if rnd.random() < 0.6:
            o.append('WITHSCORES')
        return [op, str(len(ks))] + ks + o
    if c == 22:
        ks = [rnd.choice(Z) for _ in range(rnd.randint(1, 3))]
        return ['ZINTERCARD', str(len(ks))] + ks + (['LIMIT', str(rnd.randint(0, 3))] if rnd.random() < 0.5 else [])
    if c == 23:
        src = rnd.choice(Z)
        dst = rnd.choice(Z)
        kind = rnd.random()
        if kind < 0.4:
            return ['ZRANGESTORE', dst, src, rank(), rank()] + (['REV'] if rnd.random() < 0.3 else [])
        return ['ZRANGESTORE', dst, src, bound(), bound(), 'BYSCORE'] + (['REV'] if rnd.random() < 0.3 else []) + \
            (limit() if rnd.random() < 0.3 else [])
    if c == 24:
        return ['ZRANDMEMBER', z, '1000'] + (['WITHSCORES'] if rnd.random() < 0.5 else [])
    return [rnd.choice(['ZCARD', 'OBJECT']), z] if rnd.random() < 0.5 else ['OBJECT', 'ENCODING', rnd.choice(Z + L)]


def quote(a):
    return a if a and all(ch.isalnum() or ch in '-+.([' for ch in a) else "'" + a + "'"


with open('fuzz-scenarios.txt', 'w') as f:
    f.write('# generated by gen_fuzz.py %d %d %d\n' % (seed, count, length))
    for i in range(count):
        f.write('\n### fuzz %d\n' % i)
        if i % 3 == 1:
            f.write('!config zset-max-listpack-entries %d\n' % rnd.randint(1, 6))
        for _ in range(length):
            c = cmd()
            if c[0] == 'OBJECT' and len(c) == 2:
                c = ['ZCARD', c[1]]
            f.write(' '.join(quote(a) for a in c) + '\n')
