"""kitpress new: start a pack from a commented template that passes check."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from kitpress.cli.check import project_root
from kitpress.content.loader import page_names
from kitpress.content.taxonomy import load_taxonomy
from kitpress.messages import say
from kitpress.outputs import name_problem, taken_names
from kitpress.problems import UsageError
from kitpress.publish.schema import FOLDER, PACK_SCHEMA, write_schemas

# The schema as seen from packs/SLUG/pack.yml: check, build and new keep it up to date there.
SCHEMA_PATH = f"../../{FOLDER}/{PACK_SCHEMA}"

PACK_TEMPLATE = """\
# yaml-language-server: $schema={schema}
# 资源包信息。带 * 的字段必填。每个字段的写法见网站上的“写一个资源包”页面。
# 写完后运行 {command} 检查；在 GitHub 网页上提交后，检查会自动运行。

# * 标题，最多 40 个字
title: 新的资源包
# * 一句话说清楚这个资源包帮谁做成什么，最多 200 个字
summary: 用一句话说明这个资源包帮谁、做成什么事。
# * 许可协议：CC-BY-4.0、CC-BY-SA-4.0、CC-BY-NC-SA-4.0、CC0-1.0 之一
license: CC-BY-SA-4.0
# * 版本号，三段数字，记得加引号；每次修改后把它调大
version: "0.1.0"
# * 最近更新日期
updated: {today}
# * 适用场景，从十大场景中选（写名称或 id 都可以）
scenarios:
  - 社区工作者
# 适合人群
audiences:
  - 志愿者
# 大约用时：30分钟、1小时、半小时、1-2小时、14天
time: 1小时
# 大约花费：0元、免费、10元、10-20元
cost: 0元
# 难度：容易、中等、较难
difficulty: 容易
# * 作者：name 必填；circle 是参与的圈子（连接圈、研发圈、践行圈、产品圈、内容圈）
authors:
  - name: 你的名字或小组名
    circle: 践行圈
# 这个点子从哪里来
origin: 写下这个行动最早在哪里、由谁做起来。
# 需要准备的东西；cost 会合计成总花费；optional: true 表示可以不准备
materials:
  - name: 纸和笔
    quantity: 若干
    cost: 0元
# 做法，每步一句
steps:
  - 第一步做什么。
  - 第二步做什么。
"""

CARD_TEMPLATE = """\
---
# * 卡片标题
title: 第一张卡片
# 一句话说明
summary: 这张卡片讲一件具体的小事。
# poster: true 会为这张卡片单独生成一张海报
poster: false
---

这里用 Markdown 写正文：短句、分点，方便在手机上读。

- 要点一
- 要点二
"""


def check_command(slug: str) -> str:
    """Return the check command for a new pack, as typed in the project after ./scripts/build."""
    return f".venv/bin/kitpress check packs/{slug}"


def setup(p: argparse.ArgumentParser) -> None:
    """Add new's arguments."""
    p.add_argument("slug")


def run(args: argparse.Namespace) -> int:
    """Start a new pack from a commented template that passes check."""
    return create_pack(project_root(args), args.slug, args.lang)


def create_pack(root: Path, slug: str, lang: str = "zh") -> int:
    """Write packs/<slug>/ with pack.yml and one card; return 0 or raise UsageError.

    A name check would refuse (K105, K118) is a usage error, with check's own message.
    """
    folder = root / "packs" / slug
    if code := name_problem(slug, taken_names(page_names(root / "content"))):
        raise UsageError(code, slug=slug)
    if folder.exists():
        raise UsageError("K691", path=f"packs/{slug}")
    taxonomy, _ = load_taxonomy(root)  # check reports its problems
    if taxonomy.scenarios:
        write_schemas(taxonomy, root / FOLDER)
    (folder / "cards").mkdir(parents=True)
    (folder / "assets").mkdir()
    (folder / "assets" / ".gitkeep").write_text("", encoding="utf-8")
    today = dt.date.today().isoformat()
    command = check_command(slug)
    (folder / "pack.yml").write_text(
        PACK_TEMPLATE.format(schema=SCHEMA_PATH, today=today, command=command), encoding="utf-8"
    )
    (folder / "cards" / "01-first-card.md").write_text(CARD_TEMPLATE, encoding="utf-8")
    print(say("new.done", lang, path=f"packs/{slug}", command=command), file=sys.stderr)
    return 0
