#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Writes tests/fuzz/seeds/{xml,yaml}: JSON plans of tests/data/plans in the layout explain.c uses for FORMAT XML and
# FORMAT YAML (tags with invalid characters as "-", lists as <Item>/<Plan>/<Worker>, "- Plan: " blocks).
#   tests/fuzz/seeds/json2xmlyaml.py tests/data/plans tests/fuzz/seeds NAME...   (NAME without .json)
import json, sys, os, re
from xml.sax.saxutils import escape

def xml_tag(k): return re.sub(r'[^A-Za-z0-9_.-]', '-', k)
LIST_ITEM = {'Plans': 'Plan', 'Workers': 'Worker', 'Triggers': 'Trigger'}

def xml_val(k, v, ind, out):
    t = xml_tag(k); pad = '  ' * ind
    if isinstance(v, dict):
        out.append(f'{pad}<{t}>')
        for kk, vv in v.items(): xml_val(kk, vv, ind + 1, out)
        out.append(f'{pad}</{t}>')
    elif isinstance(v, list):
        out.append(f'{pad}<{t}>')
        item = LIST_ITEM.get(k, 'Item')
        for e in v:
            if isinstance(e, dict):
                out.append(f'{pad}  <{item}>')
                for kk, vv in e.items(): xml_val(kk, vv, ind + 2, out)
                out.append(f'{pad}  </{item}>')
            else:
                out.append(f'{pad}  <{item}>{escape(scalar(e))}</{item}>')
        out.append(f'{pad}</{t}>')
    else:
        out.append(f'{pad}<{t}>{escape(scalar(v))}</{t}>')

def scalar(v):
    if v is True: return 'true'
    if v is False: return 'false'
    if v is None: return ''
    return str(v)

def to_xml(doc):
    out = ['<explain xmlns="http://www.postgresql.org/2009/explain">']
    for q in doc:
        out.append('  <Query>')
        for k, v in q.items(): xml_val(k, v, 2, out)
        out.append('  </Query>')
    out.append('</explain>')
    return '\n'.join(out) + '\n'

def yq(v):
    if isinstance(v, bool): return 'true' if v else 'false'
    if isinstance(v, (int, float)): return str(v)
    if v is None: return ''
    s = str(v)
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'

def y_obj(d, ind, out, first_prefix=None):
    pad = ' ' * ind
    for i, (k, v) in enumerate(d.items()):
        pre = first_prefix if (i == 0 and first_prefix is not None) else pad
        if isinstance(v, dict):
            out.append(f'{pre}{k}: ')
            y_obj(v, ind + 2, out)
        elif isinstance(v, list):
            out.append(f'{pre}{k}: ')
            for e in v:
                if isinstance(e, dict):
                    y_obj(e, ind + 4, out, first_prefix=' ' * (ind + 2) + '- ')
                else:
                    out.append(' ' * (ind + 2) + '- ' + yq(e))
        else:
            out.append(f'{pre}{k}: {yq(v)}')

def to_yaml(doc):
    out = []
    for q in doc:
        y_obj(q, 2, out, first_prefix='- ')
    return '\n'.join(out) + '\n'

src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst + '/xml', exist_ok=True); os.makedirs(dst + '/yaml', exist_ok=True)
for name in sys.argv[3:]:
    doc = json.load(open(os.path.join(src, name + '.json')))
    if isinstance(doc, dict): doc = [doc]
    open(f'{dst}/xml/{name}.xml', 'w').write(to_xml(doc))
    open(f'{dst}/yaml/{name}.yaml', 'w').write(to_yaml(doc))
