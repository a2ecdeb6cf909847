#!/usr/bin/env python3
# report.py -- turn the raw lines bench/run collected into bench/RESULTS.md
# (medians, ratios to nginx from the same run, the targets).
#
# Usage: report.py META RESULTS NOTES > RESULTS.md
#
# SPDX-License-Identifier: GPL-3.0-or-later
import statistics
import sys


def kv(line):
    out = {}
    for tok in line.split():
        if '=' in tok:
            k, v = tok.split('=', 1)
            out[k] = v
    return out


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(v, digits=0):
    if v is None:
        return 'n/a'
    if digits == 0:
        return f'{v:,.0f}'
    return f'{v:,.{digits}f}'


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def fr(v):
    return 'n/a' if v is None else f'{v:.2f}x'


def table(head, rows):
    out = ['| ' + ' | '.join(head) + ' |',
           '|' + '|'.join('---' if i == 0 else '---:'
                          for i in range(len(head))) + '|']
    for r in rows:
        out.append('| ' + ' | '.join(r) + ' |')
    return '\n'.join(out) + '\n'


meta = {}
with open(sys.argv[1]) as f:
    for line in f:
        k, _, v = line.rstrip('\n').partition('=')
        meta[k] = v
runs, floors, steps, clients = [], {}, [], []
with open(sys.argv[2]) as f:
    for line in f:
        d = kv(line)
        if 'server' in d and 'mode' in d:
            runs.append(d)
        elif 'floor' in d:
            floors[d['floor']] = d
        elif 'steps' in d:
            steps.append(d)
        elif 'client' in d:
            clients.append(d)
with open(sys.argv[3]) as f:
    notes = [line.rstrip('\n') for line in f if line.strip()]

SERVERS = ['mtls-serve-1w', 'mtls-serve-2w', 'nginx-1w', 'nginx-2w', 'node',
           'gnutls-serv']


def cell(server, key, mode, log='no'):
    """Medians over the repetitions of one (server, key, mode, log)."""
    rs = [r for r in runs if r['server'] == server and r['key'] == key
          and r['mode'] == mode and r['log'] == log and r['rep'] != 'soak'
          and r.get('status') == 'ok']
    if not rs:
        return None
    c = {'n': len(rs)}
    for k in ('rps', 'hps', 'server_cpu_us_per_op', 'p50_us', 'p99_us',
              'idle_kib_per_1000', 'server_hwm_kib', 'server_rss_kib',
              'idle_conns', 'resumed', 'handshakes', 'requests'):
        c[k] = med([num(r.get(k)) for r in rs])
    c['errors'] = sum(int(r.get('errors', 0)) for r in rs)
    c['errkinds'] = {}
    for r in rs:
        for k, v in r.items():
            if k.startswith('err_') and v != '0':
                c['errkinds'][k[4:]] = c['errkinds'].get(k[4:], 0) + int(v)
    return c


def baseline(server):
    """The nginx a server is compared with: same number of workers."""
    return 'nginx-2w' if server.endswith('-2w') else 'nginx-1w'


def present(key, mode, log='no'):
    return [s for s in SERVERS if cell(s, key, mode, log)]


def errs(c):
    if c['errors'] == 0:
        return '0'
    return str(c['errors']) + ' (' + ', '.join(
        f'{k} {v}' for k, v in sorted(c['errkinds'].items())) + ')'


out = []
w = out.append
note = meta.get('note', '')
w('# Benchmark results\n')
if note:
    w(f'**{note}**\n')
w(f"Written by `bench/run` on {meta.get('date')} in {meta.get('elapsed')} s. "
  f"Machine: {meta.get('cpus')} CPUs ({meta.get('cpu')}), Linux "
  f"{meta.get('kernel')}; GnuTLS {meta.get('gnutls')}, nginx "
  f"{meta.get('nginx') or 'n/a'} ({meta.get('openssl')}), Node.js "
  f"{meta.get('node') or 'n/a'}. Load average (1, 5, 15 min) at the "
  f"start: {meta.get('load_begin')}, at the end: {meta.get('load')}.\n")
busy = num(meta.get('load_begin', '').split(' ')[0])
if busy is not None and busy > 1.0:
    w('**Warning: the machine was not idle when this run started** '
      f'(1-minute load average {busy:.2f}): rates and even CPU times are '
      'unreliable; rerun on a quiet machine.\n')
w(f"Each figure is the median of {meta.get('reps')} runs, interleaved "
  f"(every server is started fresh for every run); a run measures "
  f"{meta.get('duration')} s after {meta.get('warmup')} s of warm-up. "
  f"Loader: `bench/mtls-load`, one process, {meta.get('conns')} connections "
  f"for keep-alive, {meta.get('hs_conns')} for handshakes, "
  f"{meta.get('idle_conns')} held for memory; TLS 1.3 as negotiated by "
  f"GnuTLS `NORMAL` on both sides; the body is the same "
  f"{meta.get('body_len')}-byte JSON everywhere.\n")
w('**The loader and the server share the same '
  f"{meta.get('cpus')} cores**, so rates are partly bound by the machine "
  'and the loader: compare servers by **server CPU time per operation** '
  '(the server processes\' utime+stime from /proc over the measured '
  'interval, divided by the operations) and compare only ratios taken '
  'from one run. "x nginx" compares with nginx with the same number of '
  'workers from this run.\n')
if notes:
    w('Notes from this run:\n')
    for n in notes:
        w(f'- {n}')
    w('')

targets = []  # (what, value, goal, met)


def target(what, value, goal, met):
    targets.append((what, value, goal,
                    'n/a' if met is None else ('met' if met else 'missed')))


# ---------------------------------------------------------------- keep-alive
ka = present('p256', 'keepalive')
if ka:
    w('## Keep-alive requests (P-256, access log off)\n')
    rows = []
    for s in ka:
        c = cell(s, 'p256', 'keepalive')
        b = cell(baseline(s), 'p256', 'keepalive')
        rows.append([s, fmt(c['rps']), fmt(c['server_cpu_us_per_op'], 1),
                     fmt(c['p50_us']), fmt(c['p99_us']),
                     fmt(c['server_hwm_kib']),
                     fr(ratio(c['rps'], b and b['rps'])),
                     fr(ratio(c['server_cpu_us_per_op'],
                              b and b['server_cpu_us_per_op'])),
                     fr(ratio(c['p99_us'], b and b['p99_us'])), errs(c)])
    w(table(['server', 'req/s', 'server CPU µs/req', 'p50 µs', 'p99 µs',
             'peak RSS KiB', 'req/s x nginx', 'CPU x nginx', 'p99 x nginx',
             'errors'], rows))
    m, n = cell('mtls-serve-1w', 'p256', 'keepalive'), \
        cell('nginx-1w', 'p256', 'keepalive')
    if m and n:
        r = ratio(m['rps'], n['rps'])
        target('keep-alive req/s, 1 worker', fr(r), '>= 1.2x nginx',
               r is not None and r >= 1.2)
        r = ratio(m['server_cpu_us_per_op'], n['server_cpu_us_per_op'])
        target('keep-alive server CPU per request', fr(r), '<= 0.8x nginx',
               r is not None and r <= 0.8)
        r = ratio(m['p99_us'], n['p99_us'])
        target('keep-alive p99 latency', fr(r), '<= 1.0x nginx',
               r is not None and r <= 1.0)

# ---------------------------------------------------------------- handshakes
fl = {k: floors.get(k) for k in ('p256', 'rsa2048')}
for key, title in (('p256', 'P-256'), ('rsa2048', 'RSA-2048')):
    hs = present(key, 'handshake')
    if not hs:
        continue
    f = fl.get(key)
    floor_us = num(f.get('crypto_floor_us')) if f else None
    mem_us = num(f.get('full_hs_us')) if f else None
    w(f'## Full mTLS handshakes, one request each ({title})\n')
    rows = []
    for s in hs:
        c = cell(s, key, 'handshake')
        b = cell(baseline(s), key, 'handshake')
        rows.append([s, fmt(c['rps']), fmt(c['server_cpu_us_per_op']),
                     fr(ratio(c['server_cpu_us_per_op'],
                              b and b['server_cpu_us_per_op'])),
                     fr(ratio(c['server_cpu_us_per_op'], floor_us)),
                     fr(ratio(c['server_cpu_us_per_op'], mem_us)),
                     fmt(c['p50_us']), fmt(c['p99_us']), errs(c)])
    w(table(['server', 'conn/s', 'server CPU µs/conn', 'CPU x nginx',
             'x crypto floor', 'x in-memory handshake', 'p50 µs', 'p99 µs',
             'errors'], rows))
    if f:
        w(f"GnuTLS floor ({f.get('keys')}, group {f.get('group')}, from "
          f"`bench/floor`): crypto floor {fmt(floor_us)} µs, a whole "
          f"in-memory server-side handshake with one request "
          f"{fmt(mem_us)} µs.\n")
    m, n = cell('mtls-serve-1w', key, 'handshake'), \
        cell('nginx-1w', key, 'handshake')
    if m:
        if key == 'p256':
            if n:
                r = ratio(m['server_cpu_us_per_op'],
                          n['server_cpu_us_per_op'])
                target('full handshake server CPU (P-256)', fr(r),
                       '<= 0.8x nginx', r is not None and r <= 0.8)
            r = ratio(m['server_cpu_us_per_op'], floor_us)
            target('full handshake vs GnuTLS crypto floor (P-256)', fr(r),
                   '<= 1.3x floor', None if r is None else r <= 1.3)
        else:
            r = ratio(m['server_cpu_us_per_op'], floor_us)
            target('full handshake vs GnuTLS crypto floor (RSA-2048)',
                   fr(r), '<= 1.15x floor', None if r is None else r <= 1.15)

# ---------------------------------------------------------------- resumed
rs = present('p256', 'resume')
if rs:
    w('## Resumed handshakes (ticket), one request each (P-256)\n')
    rows = []
    for s in rs:
        c = cell(s, 'p256', 'resume')
        b = cell(baseline(s), 'p256', 'resume')
        share = ratio(c['resumed'], c['handshakes'])
        rows.append([s, fmt(c['rps']),
                     'n/a' if share is None else f'{100 * share:.0f}%',
                     fmt(c['server_cpu_us_per_op']),
                     fr(ratio(c['server_cpu_us_per_op'],
                              b and b['server_cpu_us_per_op'])),
                     fmt(c['p50_us']), fmt(c['p99_us']), errs(c)])
    w(table(['server', 'conn/s', 'resumed', 'server CPU µs/conn',
             'CPU x nginx', 'p50 µs', 'p99 µs', 'errors'], rows))
    f = fl.get('p256')
    if f:
        w(f"GnuTLS in-memory resumed handshake with one request, server "
          f"side: {fmt(num(f.get('resumed_hs_us')))} µs.\n")
    m, n = cell('mtls-serve-1w', 'p256', 'resume'), \
        cell('nginx-1w', 'p256', 'resume')
    if m and n:
        r = ratio(m['server_cpu_us_per_op'], n['server_cpu_us_per_op'])
        target('resumed handshake server CPU', fr(r), '<= 0.5x nginx',
               r is not None and r <= 0.5)

# ---------------------------------------------------------------- idle memory
idle = present('p256', 'idle')
if idle:
    w('## Memory per idle TLS connection (P-256)\n')
    w('Connections are opened, their handshakes completed, and held; the '
      'server\'s RSS (summed over its processes) is read before and while '
      'holding them.\n')
    rows = []
    for s in idle:
        c = cell(s, 'p256', 'idle')
        b = cell(baseline(s), 'p256', 'idle')
        rows.append([s, fmt(c['idle_conns']), fmt(c['idle_kib_per_1000']),
                     fmt(ratio(c['idle_kib_per_1000'], 1000), 1),
                     fr(ratio(c['idle_kib_per_1000'],
                              b and b['idle_kib_per_1000'])),
                     fmt(c['server_hwm_kib']), errs(c)])
    w(table(['server', 'held', 'KiB per 1,000 conns', 'KiB per conn',
             'x nginx', 'peak RSS KiB', 'errors'], rows))
    m, n = cell('mtls-serve-1w', 'p256', 'idle'), \
        cell('nginx-1w', 'p256', 'idle')
    if m and n:
        r = ratio(m['idle_kib_per_1000'], n['idle_kib_per_1000'])
        target('KiB per idle connection', fr(r), '<= 0.5x nginx',
               r is not None and r <= 0.5)

# ---------------------------------------------------------------- logging
lg = [s for s in ('mtls-serve-1w', 'nginx-1w')
      if cell(s, 'p256', 'keepalive', 'yes')]
if lg:
    w('## Access logging off and on (keep-alive, P-256, 1 worker)\n')
    w('nginx logs with `access_log ... buffer=64k flush=1s`; mtls-serve '
      'with `--access-log FILE`.\n')
    rows = []
    for s in lg:
        off, on = cell(s, 'p256', 'keepalive'), \
            cell(s, 'p256', 'keepalive', 'yes')
        bon = cell('nginx-1w', 'p256', 'keepalive', 'yes')
        rows.append([s, fmt(off and off['rps']), fmt(on['rps']),
                     fmt(off and off['server_cpu_us_per_op'], 1),
                     fmt(on['server_cpu_us_per_op'], 1),
                     fr(ratio(on['rps'], bon and bon['rps'])),
                     fr(ratio(on['server_cpu_us_per_op'],
                              bon and bon['server_cpu_us_per_op'])),
                     errs(on)])
    w(table(['server', 'req/s off', 'req/s on', 'CPU µs/req off',
             'CPU µs/req on', 'req/s on x nginx', 'CPU on x nginx',
             'errors (on)'], rows))

# ---------------------------------------------------------------- workers
sc = []
for fam in ('mtls-serve', 'nginx'):
    one, two = f'{fam}-1w', f'{fam}-2w'
    for mode in ('keepalive', 'handshake', 'resume'):
        a, b = cell(one, 'p256', mode), cell(two, 'p256', mode)
        if a and b:
            sc.append([fam, mode, fmt(a['rps']), fmt(b['rps']),
                       fr(ratio(b['rps'], a['rps']))])
if sc:
    w('## One worker against two (P-256)\n')
    w('With 2 cores shared with the loader, perfect scaling is not 2x; '
      'compare mtls-serve\'s scaling with nginx\'s.\n')
    w(table(['server', 'mode', 'req/s 1 worker', 'req/s 2 workers',
             'scaling'], sc))
    m1, m2 = cell('mtls-serve-1w', 'p256', 'keepalive'), \
        cell('mtls-serve-2w', 'p256', 'keepalive')
    n1, n2 = cell('nginx-1w', 'p256', 'keepalive'), \
        cell('nginx-2w', 'p256', 'keepalive')
    if m1 and m2 and n1 and n2:
        rm, rn = ratio(m2['rps'], m1['rps']), ratio(n2['rps'], n1['rps'])
        target('2-worker keep-alive scaling', f'{fr(rm)} (nginx {fr(rn)})',
               'scales like nginx or better',
               None if rm is None or rn is None else rm >= rn * 0.95)

# ---------------------------------------------------------------- soak
soak = [r for r in runs if r['rep'] == 'soak' and r.get('status') == 'ok']
if soak:
    r = soak[0]
    a, b = num(r.get('server_rss_start_kib')), num(r.get('server_rss_kib'))
    w(f"## RSS during a {meta.get('soak')} s keep-alive run (mtls-serve, "
      "1 worker)\n")
    w(f"{fmt(num(r.get('requests')))} requests, {r.get('errors')} errors; "
      f"RSS {fmt(a)} KiB after warm-up, {fmt(b)} KiB at the end "
      f"(peak {fmt(num(r.get('server_hwm_kib')))} KiB).\n")
    if a is not None and b is not None:
        target(f"RSS growth over {meta.get('soak')} s keep-alive",
               f'{fmt(b - a)} KiB', 'none (<= 64 KiB)', b - a <= 64)

# ---------------------------------------------------------------- floor
if floors:
    w('## GnuTLS floor (`bench/floor`, server side, CPU time)\n')
    rows = []
    for key in ('p256', 'rsa2048'):
        f = floors.get(key)
        if not f:
            continue
        rows.append([f"{f.get('keys')} / {f.get('group')}",
                     fmt(num(f.get('ecdhe_us'))), fmt(num(f.get('sign_us'))),
                     fmt(num(f.get('verify_us'))),
                     fmt(num(f.get('chain_us'))),
                     fmt(num(f.get('crypto_floor_us'))),
                     fmt(num(f.get('full_hs_us'))),
                     fmt(num(f.get('resumed_hs_us')))])
    w(table(['keys / group', 'key share + secret µs', 'sign µs',
             'check client signature µs', 'check client chain µs',
             'crypto floor µs', 'in-memory full handshake µs',
             'in-memory resumed µs'], rows))
    w('The crypto floor is the sum of the public-key operations a TLS 1.3 '
      'server performs in one full mTLS handshake; the in-memory handshake '
      'is GnuTLS\'s whole server side (protocol, hashing, record layer, '
      'session set-up, one request and response) without any I/O.\n')

# ---------------------------------------------------------------- cert steps
if steps:
    w('## Certificate steps of the reference scenario (P-256, ms, median)\n')
    names = ['CA key and certificate', 'server key and CSR',
             'sign the server CSR', 'client key, CSR and certificate (pipe)']
    tools = [t for t in ('ours', 'openssl', 'certtool')
             if any(s['steps'] == t for s in steps)]
    med_of = {}
    for t in tools:
        for i in range(1, 5):
            med_of[t, i] = med([num(s.get(f's{i}_ms')) for s in steps
                                if s['steps'] == t])
        med_of[t, 'total'] = med([sum(num(s.get(f's{i}_ms')) or 0
                                      for i in range(1, 5))
                                  for s in steps if s['steps'] == t])
    rows = []
    for i, name in enumerate(names, 1):
        rows.append([name] + [fmt(med_of[t, i]) for t in tools] +
                    ([fr(ratio(med_of['ours', i], med_of['openssl', i]))]
                     if 'ours' in tools and 'openssl' in tools else []))
    rows.append(['**all four steps**'] +
                [fmt(med_of[t, 'total']) for t in tools] +
                ([fr(ratio(med_of['ours', 'total'],
                           med_of['openssl', 'total']))]
                 if 'ours' in tools and 'openssl' in tools else []))
    heads = {'ours': 'mkca/mkcsr/signcsr', 'openssl': 'openssl req/x509',
             'certtool': 'certtool'}
    w(table(['step'] + [heads[t] for t in tools] +
            (['ours x openssl'] if 'ours' in tools and 'openssl' in tools
             else []), rows))
    w('certtool makes the key and the request or certificate in separate '
      'commands; its time per step is the sum of them.\n')
    if 'ours' in tools and 'openssl' in tools:
        r = ratio(med_of['ours', 'total'], med_of['openssl', 'total'])
        target('certificate steps', fr(r), '<= 1.0x openssl',
               r is not None and r <= 1.0)

# ---------------------------------------------------------------- client
if clients:
    g = med([num(c['ms']) for c in clients if c['client'] == 'mtls-get'])
    cu = med([num(c['ms']) for c in clients if c['client'] == 'curl'])
    srv = clients[0].get('server')
    n = sum(1 for c in clients if c['client'] == 'mtls-get')
    w('## One request with a client certificate: mtls-get and curl\n')
    w(f'Wall time of the whole command (start, handshake with {srv}, one '
      f'request, exit), median of {n} runs each, interleaved.\n')
    w(table(['client', 'ms', 'x curl'],
            [['mtls-get', fmt(g, 1), fr(ratio(g, cu))],
             ['curl', fmt(cu, 1), '1.00x']]))
    r = ratio(g, cu)
    target('mtls-get one request', fr(r), '<= 1.0x curl',
           r is not None and r <= 1.0)

# ---------------------------------------------------------------- targets
if targets:
    w('## Targets (issue 6), mtls-serve with 1 worker against nginx with 1 '
      'worker\n')
    if note:
        w(f'*{note}*\n')
    w(table(['target', 'measured', 'goal', 'status'],
            [list(t) for t in targets]))

# ---------------------------------------------------------------- raw
w('## Raw runs\n')
w('One line per run: server, key, mode, repetition, access log, requests '
  'per second, server CPU µs per operation, p99 µs, idle KiB per 1,000 '
  'connections, errors.\n')
w('```')
for r in runs:
    if r.get('status') != 'ok':
        w(f"{r['server']} {r['key']} {r['mode']} rep={r['rep']} "
          f"log={r['log']} {r.get('status')}")
        continue
    w(f"{r['server']} {r['key']} {r['mode']} rep={r['rep']} log={r['log']} "
      f"rps={r.get('rps')} cpu_us_per_op={r.get('server_cpu_us_per_op')} "
      f"p99_us={r.get('p99_us')}"
      + (f" kib_per_1000={r.get('idle_kib_per_1000')}"
         if r['mode'] == 'idle' else '')
      + f" errors={r.get('errors')}")
w('```')
print('\n'.join(out))
