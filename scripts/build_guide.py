#!/usr/bin/env python3
# This file is part of QLTT ERP.  The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Render the user guide (docs/huong-dan/*.md) to HTML for the web client.

    build_guide.py OUTPUT_FOLDER        (`make sao`: var/sao/package/huong-dan)

Each page X.md becomes X.html (links to .md pages become links to .html
pages), the pictures of img/ are copied; trytond serves the folder from its
[web] root, and the menu entry "Hướng dẫn sử dụng" (qltt_cases/help.xml)
opens /huong-dan/index.html.
"""
import html
import re
import shutil
import sys
from pathlib import Path

import markdown
from markdown.extensions.toc import slugify

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / 'docs' / 'huong-dan'
# a link to another page of the guide: (page.md) or (page.md#anchor)
MD_LINK = re.compile(r'href="([A-Za-z0-9_-]+)\.md(#[^"]*)?"')

PAGE = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — Hướng dẫn sử dụng QLTT ERP</title>
<style>
body {{ font-family: "Segoe UI", "DejaVu Sans", Arial, sans-serif;
  max-width: 60em; margin: 0 auto; padding: 1em 2em; line-height: 1.5;
  color: #222; }}
nav {{ border-bottom: 1px solid #ccc; padding-bottom: .5em; }}
img {{ max-width: 100%; border: 1px solid #ccc; }}
table {{ border-collapse: collapse; }}
td, th {{ border: 1px solid #ccc; padding: .3em .6em; vertical-align: top; }}
code {{ background: #f3f3f3; padding: 0 .2em; }}
blockquote {{ border-left: 4px solid #c33; margin: 0; padding: 0 1em;
  background: #fdf3f3; }}
</style>
</head>
<body>
<nav><a href="index.html">Hướng dẫn sử dụng</a></nav>
{body}
</body>
</html>
"""


def slug(value, separator):
    "Anchors of the headings: 'Thư điện tử' -> 'thu-dien-tu'"
    value = value.replace('đ', 'd').replace('Đ', 'D')
    return slugify(value, separator)


def render(path):
    text = path.read_text(encoding='utf-8')
    body = markdown.markdown(text, extensions=['tables', 'toc'],
        extension_configs={'toc': {'slugify': slug}},
        output_format='html')
    body = MD_LINK.sub(lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"',
        body)
    title = next((line.lstrip('# ').strip() for line in text.splitlines()
            if line.startswith('# ')), path.stem)
    return PAGE.format(title=html.escape(title), body=body)


def build(output):
    output = Path(output)
    if output.exists():
        shutil.rmtree(output)
    output.mkdir(parents=True)
    pages = sorted(SOURCE.glob('*.md'))
    for page in pages:
        (output / f'{page.stem}.html').write_text(render(page),
            encoding='utf-8')
    if (SOURCE / 'img').is_dir():
        shutil.copytree(SOURCE / 'img', output / 'img')
    print(f"User guide: {len(pages)} pages in {output}")


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    build(sys.argv[1])
