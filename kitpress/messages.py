"""The message catalog: every text kitpress prints, in Chinese and English.

``MESSAGES`` holds the problems (by code), ``TEXTS`` the other lines a command prints
(summaries, status, progress), ``WORDS`` the words a message argument names by key.
Both languages of an entry use the same placeholders (tests/test_messages.py checks).
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping

# code: (zh, en). Arguments are filled with str.format; ``hint`` adds "did you mean".
# K0xx files and YAML, K1xx pack.yml fields, K2xx paths and files, K3xx cards, posters
# and printables, K4xx warnings (never fail a build unless --strict), K5xx bundles.
MESSAGES: dict[str, tuple[str, str]] = {
    "K001": (
        "这一行的格式不对，读不出来：请对照上下几行，检查冒号后面的空格、缩进的空格数和引号、括号是否配对",
        "this line is not written in a form that can be read: compare it with the lines around it, and check the space after each colon, the indentation, and that quotes and brackets pair up",
    ),
    "K002": (
        "字段 “{key}” 写了两次（第 {first} 行已经写过）：请删掉一处，或把两处的内容合在一起",
        "field '{key}' is given twice (already on line {first}): delete one, or merge the two",
    ),
    "K003": (
        "文件不是 UTF-8 编码（这里的字节读不懂，多半是 GBK）：请存成 UTF-8。VS Code：点右下角的编码 → 通过编码保存 → UTF-8；记事本：另存为 → 编码选 UTF-8；或者在 GitHub 网页上打开这个文件编辑，把文字粘贴进去（网页编辑器总是存成 UTF-8）",
        "the file is not UTF-8 (this byte cannot be read; it is most likely GBK): save it as UTF-8. VS Code: click the encoding at the bottom right, Save with Encoding, UTF-8; Notepad: Save As, Encoding UTF-8; or open the file in GitHub's web editor and paste the text there (it always saves UTF-8)",
    ),
    "K004": (
        "最外层应该是“键: 值”的映射（每行一个“字段名: 内容”），这里是{got}",
        "the top level should be a mapping of 'key: value' lines, got {got}",
    ),
    "K005": ("读不了这个文件：{detail}", "cannot read this file: {detail}"),
    "K006": ("YAML 标签 {tag} 不允许使用", "YAML tag {tag} is not allowed"),
    "K007": ("模板出错：{detail}", "template error: {detail}"),
    "K008": (
        "嵌套太深：列表或“键: 值”套了超过 {limit} 层，请检查方括号 [ ] 和花括号 { } 是否配对",
        "nested too deep: more than {limit} levels of lists or mappings; check that [ ] and { } pair up",
    ),
    "K009": (
        "这里有一个看不见的控制字符 {char}，请删掉它（常随复制来的文字混进来）",
        "invisible control character {char} here: delete it (it often comes with copied text)",
    ),
    "K010": (
        "这里的 *{name} 指向它自己所在的 &{name}，会无限展开：请直接写出内容",
        "*{name} here points into its own &{name} and would repeat forever: write the content out",
    ),
    "K011": (
        "这里用了全角冒号：把全角冒号“：”改成半角冒号“:”，后面空一格",
        "a full-width (Chinese) colon here: change it to an ASCII colon ':' followed by a space",
    ),
    "K012": (
        "这里有一个特殊空格 {char}（全角空格，或从网页复制来的空格）：缩进和冒号后面只能用普通空格，请删掉它、改打普通空格",
        "a special space {char} here (full-width, or copied from a web page): indentation and the space after a colon must be ordinary spaces; delete it and type an ordinary space",
    ),
    "K013": (
        "这里有 Tab 字符：YAML 不能用 Tab 缩进，请改用空格",
        "tab character here: YAML cannot be indented with tabs, use spaces",
    ),
    "K014": (
        "不支持用 “<<:” 合并别处的内容：请把字段直接写出来",
        "merge keys ('<<:') are not supported: write the fields out",
    ),
    "K015": (
        "文件是空的（或只有注释）：请写上“字段名: 内容”",
        "the file is empty (or only comments): write its fields as 'key: value' lines",
    ),
    "K016": (
        "内容展开后太大（超过 {limit} 项）：请不要用 & 和 * 别名层层引用，直接写出内容",
        "the content expands to more than {limit} items: do not nest & and * aliases, write it out",
    ),
    "K017": (
        "冒号前面的字段名应该是一段文字",
        "the key before the colon must be plain text",
    ),
    "K018": (
        "冒号后面少了一个空格：把 “{key}:{value}” 写成 “{key}: {value}”",
        "a space is missing after the colon: write '{key}: {value}' instead of '{key}:{value}'",
    ),
    "K019": (
        '这里用了中文引号 “ ”：YAML 只认英文引号，请写成 "{value}"',
        "Chinese quotes “ ” here: YAML reads only ASCII quotes, write '\"{value}\"'",
    ),
    "K020": (
        "引号 {quote} 没有配对：请在这段文字的末尾补上 {quote}（或者删掉开头的 {quote}）",
        "the quote {quote} is not closed: add {quote} at the end of the text (or delete the opening {quote})",
    ),
    "K021": (
        "括号 {opening} 没有配对：请在这里补上 {closing}",
        "the bracket {opening} is not closed: add {closing} here",
    ),
    "K022": (
        "这一行缩进太多了（{got} 个空格）：上一行的冒号后面已经有内容，这一行要和第 {line} 行对齐，缩进 {want} 个空格",
        "this line is indented too far ({got} spaces): the line above already has its value after the colon, so line up with line {line} at {want} spaces",
    ),
    "K023": (
        "这一行的缩进（{got} 个空格）和上面对不齐：属于同一层的行要缩进得一样多，例如第 {line} 行缩进 {want} 个空格",
        "this line's indentation ({got} spaces) does not line up with the lines above: lines of one level are indented alike, e.g. line {line} at {want} spaces",
    ),
    "K024": (
        "这里是“字段名: 内容”的地方（像第 {line} 行那样），不能写以 - 开头的列表项：要么写成“字段名: 内容”，要么把列表放在一个以冒号结尾的字段名下面，再多缩进两格",
        "this is a place for 'key: value' lines (like line {line}), not for an item starting with -: write 'key: value', or put the list under a key ending in a colon, indented two more spaces",
    ),
    "K025": (
        "这一行夹在列表中间（像第 {line} 行那样的项都以 - 开头）：如果它是列表的一项，请在前面加 “- ”；如果它是新的字段，请和上面的字段名对齐",
        "this line sits inside a list (items such as line {line} start with -): if it is an item, put '- ' in front; if it is a new field, line it up with the field names above",
    ),
    "K026": (
        "这一行既不是“字段名: 内容”，也不是以 - 开头的列表项：字段名后面要加冒号和一个空格，列表项前面要加 “- ”",
        "this line is neither 'key: value' nor a list item starting with -: put a colon and a space after a key, or '- ' before an item",
    ),
    "K027": (
        '内容里有“冒号加空格”，会被当成新的字段：请把整段内容用英文双引号括起来，写成 {key}: "{value}"',
        "a colon and a space inside the value read as a new field: wrap the whole value in ASCII double quotes, '{key}: \"{value}\"'",
    ),
    "K028": (
        "“{key}” 的冒号后面已经写了内容，下面几行却又缩进写在它里面：如果下面是 “{key}” 的内容，请删掉这里冒号后面的文字；如果不是，请去掉下面几行多出来的缩进",
        "'{key}' already has a value after its colon, yet the lines below are indented under it: if they are what '{key}' holds, delete the text after this colon; if not, remove their extra indentation",
    ),
    "K029": (
        '内容不能以 {char} 开头（它在 YAML 里另有意思）：请用英文双引号把整段内容括起来，写成 "{value}"',
        "a value cannot start with {char} (it means something else in YAML): wrap the whole value in ASCII double quotes, '\"{value}\"'",
    ),
    "K030": (
        "这里多了一个 {char}：请删掉它（或者在前面补上和它配对的 {opening}）",
        "an extra {char} here: delete it (or add the {opening} it closes before it)",
    ),
    "K031": (
        "列表要从下一行开始：“{key}:” 这一行写到冒号为止，把 “- ” 和后面的内容移到下一行，并多缩进两格",
        "a list starts on the next line: end the '{key}:' line at its colon, and move '- ' and what follows to the next line, indented two more spaces",
    ),
    "K032": (
        "引号 {quote} 已经结束了，后面不能再写文字：请把这些文字挪进引号里面，或者删掉两个引号",
        "the quote {quote} has ended, so no text may follow it: move this text inside the quotes, or delete both quotes",
    ),
    "K101": (
        "缺少必填字段 “{key}”：请加上这样一行 “{example}”",
        "missing required field '{key}': add a line like '{example}'",
    ),
    "K102": ("不认识的字段 “{key}”", "unknown field '{key}'"),
    "K103": ("“{key}” 应该是{expected}，这里是{got}", "'{key}' should be {expected}, got {got}"),
    "K104": (
        "“{key}” 太长：{length} 个字，最多 {limit} 个",
        "'{key}' is too long: {length} characters, at most {limit}",
    ),
    "K105": (
        "资源包文件夹名 “{slug}” 不合规：只能用小写字母 a-z、数字和单个连字符，3-40 个字符",
        "pack folder name '{slug}' is invalid: use a-z, 0-9 and single hyphens, 3-40 characters",
    ),
    "K106": ("资源包名 “{slug}” 与 {other} 重复", "pack name '{slug}' is also used by {other}"),
    "K107": (
        "日期 “{value}” 不对：应写成 YYYY-MM-DD，例如 2020-03-01",
        "bad date '{value}': write YYYY-MM-DD, e.g. 2020-03-01",
    ),
    "K108": (
        '版本号 “{value}” 不对：应写成用点隔开的三段数字，外面加英文双引号，例如 version: "1.0.0"',
        "bad version '{value}': write three numbers separated by dots, in ASCII double quotes, e.g. version: \"1.0.0\"",
    ),
    "K109": (
        "不支持的许可协议 “{value}”，可选：{choices}",
        "unsupported license '{value}'; choose one of: {choices}",
    ),
    "K110": (
        "“{key}” 里的 “{value}” 不在分类表中，可选：{choices}",
        "'{value}' in '{key}' is not in the taxonomy; choose from: {choices}",
    ),
    "K111": (
        "看不懂时间 “{value}”：请写成 30分钟、1小时、半小时、1-2小时、14天 这样",
        "cannot read time '{value}': write it like '30分钟', '1小时', '半小时', '1-2小时', '14天'",
    ),
    "K112": (
        "看不懂花费 “{value}”：请写成 0元、免费、10元、10-20元 这样",
        "cannot read cost '{value}': write it like '0元', '免费', '10元', '10-20元'",
    ),
    "K113": (
        "难度 “{value}” 只能是：容易、中等、较难",
        "difficulty '{value}' must be one of '容易', '中等', '较难'",
    ),
    "K114": (
        "不认识的圈子 “{value}”，可选：{choices}",
        "unknown circle '{value}'; choose one of: {choices}",
    ),
    "K115": ("“{key}” 至少要写一项", "'{key}' needs at least one item"),
    "K116": ("“{key}” 不能是空的", "'{key}' must not be empty"),
    "K117": ("“{key}” 重复了 “{value}”", "'{key}' lists '{value}' twice"),
    "K118": (
        "资源包名 “{slug}” 与网站自己的页面或文件夹重名，请换一个",
        "pack name '{slug}' clashes with one of the site's own pages or folders; pick another",
    ),
    "K119": (
        "网址 “{value}” 前面要加 https://（或 http://）",
        "web address '{value}' needs https:// (or http://) in front",
    ),
    "K120": (
        "日期 “{value}” 比今天还晚：updated 写最近一次修改的日子",
        "date '{value}' is after today: updated is the day of the latest change",
    ),
    "K121": (
        "时间 “{value}” 不合常理：应该多于 0 分钟、最多 {limit} 天",
        "time '{value}' is not plausible: it must be more than 0 minutes and at most {limit} days",
    ),
    "K122": (
        "花费 “{value}” 太多了：最多写 {limit} 元",
        "cost '{value}' is too high: at most {limit} yuan",
    ),
    "K123": (
        "楼号 {value} 写了两遍",
        "building {value} is listed twice",
    ),
    "K124": (
        "卡片开头的信息块没有结束：请在信息块的最后单独写一行 ---",
        "the card's front matter is not closed: end it with a line of just ---",
    ),
    "K125": (
        "信息块的分隔线必须正好是三个连字符 ---，这里是 “{line}”",
        "front matter fences must be exactly three hyphens ---, got '{line}'",
    ),
    "K131": (
        "“{key}” 要写一个大于 0 的数字（单位 MB），这里是 {value}",
        "'{key}' must be a number above 0 (megabytes), got {value}",
    ),
    "K132": (
        "MkDocs 不接受 “{key}” 的写法，网站会生成失败：{detail}（请对照 MkDocs 的设置说明改正）",
        "MkDocs refuses '{key}', so the site would not build: {detail} (correct it as MkDocs' settings documentation says)",
    ),
    "K201": ("找不到文件 “{ref}”", "file '{ref}' does not exist"),
    "K202": (
        "路径 “{ref}” 跑到了资源包文件夹外面：请用资源包内的相对路径，例如 assets/cover.jpg",
        "path '{ref}' leaves the pack folder: use a relative path inside it, e.g. assets/cover.jpg",
    ),
    "K203": (
        "图片 “{ref}” 缺少替代文字（alt）：请描述图片内容，读屏软件会念出来",
        "image '{ref}' has no alt text: describe it; screen readers read it aloud",
    ),
    "K204": (
        "“{ref}” 是符号链接，不允许使用：请放入真实文件",
        "'{ref}' is a symbolic link: put the real file there",
    ),
    "K205": (
        "不允许的内容：{detail}（出于安全，资源包里不能写网页脚本或嵌入代码）",
        "not allowed: {detail} (for safety, packs may not contain scripts or embedded code)",
    ),
    "K206": (
        "链接 “{ref}” 的写法不允许：只能用 https://、http://、mailto:、tel: 或相对路径",
        "link '{ref}' is not allowed: use https://, http://, mailto:, tel: or a relative path",
    ),
    "K207": (
        "链接 “{ref}” 指向的文件不会放到网站上：只能链接到本资源包的卡片（例如 02-next.md）或 assets/ 里的文件",
        "link '{ref}' points at a file the site will not have: link only to this pack's cards (e.g. 02-next.md) or files in assets/",
    ),
    "K208": (
        "链接 “{ref}” 要写完整网址（https://…）：这段文字会出现在好几个页面上，相对路径会失效",
        "link '{ref}' needs a full address (https://…): this text shows on several pages, where a relative path breaks",
    ),
    "K209": (
        "网址 “{value}” 写得不对：要写完整的网址，例如 https://example.org，不能有空格或 ( ) < > \" ' ` 这些符号",
        "URL '{value}' is not a valid address: write a whole one such as https://example.org, without spaces or ( ) < > \" ' `",
    ),
    "K210": (
        "列表或引用嵌套得太深，网页做不出来：请把这里的层次减少到几层",
        "lists or quotes are nested too deeply to make a page: keep to a few levels here",
    ),
    "K211": (
        "这里同时开着太多个方括号 [（超过 50 个没有关上），网页做不出来：链接是方括号 [ ] 里写文字、紧跟圆括号 ( ) 里写地址，多余的 [ 请删掉",
        "too many square brackets [ are open here (over 50 unclosed) to make a page: a link is its text in [ ] followed by its address in ( ); delete the extra [",
    ),
    "K220": (
        "“{ref}” 这种文件不能放进资源包（网页、脚本这类文件会在网站上运行）；可以放的：{choices}",
        "'{ref}' is a kind of file a pack may not ship (pages and scripts would run on the site); allowed: {choices}",
    ),
    "K221": (
        "SVG 图片 “{ref}” 里有会运行或联网的内容：{detail}（请导出不带脚本和外部链接的 SVG，或改用 PNG）",
        "SVG image '{ref}' holds something that runs or loads from the web: {detail} (export it without scripts and outside links, or use PNG)",
    ),
    "K222": (
        "封面 “{ref}” 不是图片：请用 png、jpg、jpeg、gif、webp 或 svg 文件",
        "cover '{ref}' is not a picture: use a png, jpg, jpeg, gif, webp or svg file",
    ),
    "K223": (
        "资源包文件夹里只能有 pack.yml、cards/ 和 assets/，“{ref}” 不会被用到",
        "a pack folder holds only pack.yml, cards/ and assets/; '{ref}' would be ignored",
    ),
    "K224": (
        "路径 “{ref}” 里用了反斜杠 \\：网页上请用斜杠 /",
        "path '{ref}' uses a backslash \\: use / on the web",
    ),
    "K225": (
        "“{ref}” 不是普通文件（是管道、套接字或设备）：请换成真正的文件",
        "'{ref}' is not a regular file (a pipe, socket or device): put a real file there",
    ),
    "K226": (
        "“{ref}” 的内容不是它的名字说的那种图片：请重新导出或保存成真正的图片",
        "'{ref}' does not hold the kind of picture its name says: export or save it again as a real picture",
    ),
    "K227": (
        "不允许的属性：{detail}（这里只能用 id、class、title、lang、dir，链接的 href，图片的 src、alt、width、height；id 不能以 __ 开头）",
        "attribute not allowed: {detail} (only id, class, title, lang, dir, a link's href and an image's src, alt, width, height; an id may not start with __)",
    ),
    "K228": (
        "SVG 图片 “{ref}” 读不出来：{detail}（请用绘图软件重新导出为 UTF-8 编码的 SVG，或改用 PNG）",
        "SVG image '{ref}' cannot be read: {detail} (export it again as UTF-8 SVG from your drawing program, or use PNG)",
    ),
    "K229": (
        "SVG 图片 “{ref}” 里有 DOCTYPE 或实体声明，不允许使用：请导出为普通 SVG（Inkscape：另存为“普通 SVG”），或改用 PNG",
        "SVG image '{ref}' declares a DOCTYPE or entities, which are not allowed: export it as plain SVG (Inkscape: Save As 'Plain SVG'), or use PNG",
    ),
    "K230": (
        "SVG 图片 “{ref}” 里有网站不接受的元素或属性：{detail}（只接受图形、文字、渐变和滤镜：请导出为普通 SVG，或改用 PNG）",
        "SVG image '{ref}' holds an element or attribute the site does not accept: {detail} (only shapes, text, gradients and filters: export it as plain SVG, or use PNG)",
    ),
    "K231": (
        "“{ref}” 是硬链接（同一个文件在电脑上还有别的名字），不允许使用：请复制一份真正的文件放在这里",
        "'{ref}' is a hard link (the same file has other names on this computer): put a real copy of the file here",
    ),
    "K232": (
        "“{ref}” 有 {size} MB，超过一个文件的上限 {limit} MB：请把图片缩小（宽 2000 像素以内就够印海报）或压缩后再放进来",
        "'{ref}' is {size} MB, over the limit of {limit} MB for one file: shrink the picture (2000 pixels wide is plenty for a poster) or compress it",
    ),
    "K233": (
        "卡片文件有 {size} KB，超过上限 {limit} KB：一张卡片是一张海报的内容，请删减文字，或把它拆成几张卡片",
        "the card file is {size} KB, over the limit of {limit} KB: a card is one poster's worth, so cut the text or split it over several cards",
    ),
    "K234": (
        "这个文件有 {size} KB，超过上限 {limit} KB：这样大的文件不会是手写的，请检查是不是放错了文件",
        "this file is {size} KB, over the limit of {limit} KB: no hand-written file is that large; check that it is the right file",
    ),
    "K235": (
        "一个资源包最多 {limit} 张卡片，这是第 {count} 张：请把内容分成几个资源包",
        "a pack holds at most {limit} cards and this is card {count}: split the content over several packs",
    ),
    "K236": (
        "另一个 kitpress build（进程 {pid}）正在写 {path}：请等它完成后再运行（两个同时写会弄乱网站）",
        "another kitpress build (process {pid}) is writing {path}: wait for it to finish, then run again (two at once would mix up the site)",
    ),
    "K237": (
        "磁盘满了，{path} 写不下去：请腾出空间（例如删掉 build/ 文件夹，下次会重新生成）后再运行；原来的网站没有改动",
        "the disk is full, so {path} cannot be written: free some space (deleting build/ is safe, it is made again) and run again; the old site is unchanged",
    ),
    "K238": (
        "{path} 所在的磁盘是只读的，写不进去：请把项目放在可以写的文件夹里再运行",
        "{path} is on a read-only disk and cannot be written: put the project in a folder you can write to",
    ),
    "K239": (
        "没有权限写 {path}：请检查这个文件夹的权限（或它是不是别的用户建的），再运行",
        "no permission to write {path}: check the folder's permissions (or whether another user made it), then run again",
    ),
    "K301": (
        "卡片文件名 “{name}” 不合规：应写成“两位数字-小写字母、数字和连字符.md”，例如 {example}（文件名里不能有汉字、大写字母、空格或下划线，可以用拼音或英文）",
        "card file name '{name}' is invalid: write two digits, a hyphen, then lowercase Latin letters, digits and hyphens, and .md, e.g. {example} (no Chinese characters, capitals, spaces or underscores: use pinyin or English)",
    ),
    "K302": (
        "卡片开头缺少用 --- 包起来的信息块（front matter）",
        "card has no front matter block between --- lines",
    ),
    "K303": (
        "海报指定的卡片 “{card}” 不存在，现有卡片：{choices}",
        "poster names card '{card}', which does not exist; cards: {choices}",
    ),
    "K304": (
        "“{key}” 只能是 {choices}，这里是 “{value}”",
        "'{key}' must be one of {choices}, got '{value}'",
    ),
    "K305": (
        '看不懂楼号 “{value}”：请写成 "1-30" 或 [1, 2, "3A"] 这样',
        'cannot read buildings \'{value}\': write "1-30" or [1, 2, "3A"]',
    ),
    "K306": (
        "不认识的印刷物种类 “{value}”，可选：{choices}",
        "unknown printable kind '{value}'; choose one of: {choices}",
    ),
    "K307": ("卡片编号 {order} 与 {other} 重复", "card number {order} is also used by {other}"),
    "K308": ("卡片名 “{name}” 与 {other} 重复", "card name '{name}' is also used by {other}"),
    "K309": (
        "{what}太长，海报一页放不下：缩到最小字号 {floor} pt {amount}：请删减文字，或把内容拆成几张卡片",
        "{what} is too long to fit the poster's one page: at the smallest size, {floor} pt, {amount}: cut the text, or split it over several cards",
    ),
    "K310": (
        "这张海报和{poster}会存成同一个文件 {name}：请给卡片换个名字，或换一种纸张大小或方向",
        "this poster and another ({poster}) would both be saved as {name}: rename the card, or pick another paper size or orientation",
    ),
    "K311": (
        "卡片“{title}”的文字太长，卡片纸上这一张放不下：缩到最小字号 {floor} pt {amount}：请删减这张卡片的正文、简介或打卡语",
        "the text of card “{title}” is too long for its card on the card sheet: at the smallest size, {floor} pt, {amount}: cut the card's body, summary or check-in line",
    ),
    "K320": (
        "卡片名 “{name}” 留给资源包自己的页面，请换一个名字",
        "card name '{name}' is kept for the pack's own pages; pick another",
    ),
    "K401": (
        "二维码网址 {url}（{length} 个字符）需要第 {version} 版二维码，超过第 {limit} 版，印出来太密、不好扫：请缩短资源包名或卡片名",
        "QR URL {url} ({length} characters) needs a version {version} code, over version {limit}; it prints too dense to scan well: shorten the pack or card name",
    ),
    "K402": (
        "资源包还没有卡片（cards/ 文件夹是空的）",
        "the pack has no cards yet (cards/ is empty)",
    ),
    "K403": ("资源包里有没用到的文件 “{ref}”", "file '{ref}' in the pack is not used"),
    "K404": (
        "海报字体 “{family}” 没有安装，海报会改用系统里的其他字体：请安装它（Debian：fonts-noto-cjk）或在 extra.kitpress.font_family 写一个已安装的字体",
        "poster font '{family}' is not installed, so posters fall back to another system font: install it (Debian: fonts-noto-cjk) or name an installed font in extra.kitpress.font_family",
    ),
    "K405": (
        "海报用的字体里都没有 {chars}，海报上会印成方框：请改用文字说明，或删掉它们",
        "no poster font has {chars}, so the poster would print boxes instead: write them in words, or delete them",
    ),
    "K410": (
        "花费 “{value}” 和材料对不上：材料加起来是 {total} 元（可选的材料只算进最多的花费）：请改写花费，或检查各项材料的 cost",
        "cost '{value}' does not match the materials: they add up to {total} yuan (optional ones count only towards the most): change the cost, or check the materials' cost",
    ),
    "K601": (
        "{path} 不在项目文件夹 {root} 里：只能检查项目里的文件或文件夹",
        "{path} is outside the project {root}: name files or folders inside it",
    ),
    "K690": (
        "{option} 的值 “{value}” 不对：应该是{expected}",
        "{option} '{value}' is not valid: it should be {expected}",
    ),
    "K691": ("{path} 已经存在，没有改动", "{path} already exists; nothing changed"),
    "K692": (
        "{root} 不是 kitpress 项目：那里没有 mkdocs.yml 和 packs/ 文件夹；请在项目里运行，或用 --root 指明项目",
        "{root} is not a kitpress project (no mkdocs.yml and packs/ folder): run inside one, or name it with --root",
    ),
    "K693": (
        "无法在 {address} 上提供预览：{reason}；请用 --port 换一个端口（或用 --host 换一个地址）",
        "cannot serve the preview on {address}: {reason}; pick another --port (or --host)",
    ),
    "K694": (
        "命令写得不对（{detail}）：运行 {prog} --help 看看怎么写",
        "wrong usage ({detail}): run {prog} --help to see how",
    ),
    "K501": (
        "资源包打包后 {size} MB，超过上限 {limit} MB",
        "pack bundle is {size} MB, over the limit of {limit} MB",
    ),
    "K502": (
        "资源包引用了不允许的地址 “{ref}”（只能用资源包内的文件）",
        "pack references '{ref}', which is not allowed (only files inside the pack)",
    ),
}

# Words passed by key, so each language names them in its own words. A word may use the
# message's other arguments ({title}), and those may be words too ({orientation}).
WORDS: dict[str, tuple[str, str]] = {
    "text": ("文字", "text"),
    "list": ("列表", "a list"),
    "mapping": ("“键: 值”映射", "a mapping of keys"),
    "bool": ("true 或 false", "true or false"),
    "int": ("整数", "a whole number"),
    "number": ("数字", "a number"),
    "date": ("日期", "a date"),
    "nothing": ("空值", "nothing"),
    "per-sign": ("1 到 50 的整数", "a whole number from 1 to 50"),
    "jobs": ("0 或更大的整数（0 表示每个核一个）", "a whole number, 0 or more (0: one per core)"),
    "shard": ("I/N 形式，1 ≤ I ≤ N，例如 1/4", "I/N with 1 ≤ I ≤ N, such as 1/4"),
    "buildings": ("楼号，例如 1-12,15,3A", "building numbers such as 1-12,15,3A"),
    "port": ("0 到 65535 的端口号", "a port number from 0 to 65535"),
    "pack-steps": ("资源包“{title}”海报上的步骤", "the steps on the poster of pack “{title}”"),
    "card-body": ("卡片“{title}”的正文", "the text of card “{title}”"),
    "overflow-by": ("仍多出约 {by}%", "it is still about {by}% too long"),
    "overflow-unknown": ("仍放不下", "it still does not fit"),
    "card-poster": ("卡片 {card} 的 {size} {orientation}海报", "card {card}'s {size} {orientation} poster"),
    "pack-poster": ("资源包自己的 {size} {orientation}海报", "the pack's own {size} {orientation} poster"),
    "at-least": ("至少 {low}", "at least {low}"),
    "portrait": ("竖版", "portrait"),
    "landscape": ("横版", "landscape"),
}  # fmt: skip
TYPE_WORDS = WORDS  # the type names (text, list, ...) are words like any other

ITEMS = "\x1f"  # starts a list argument and separates its items (see ``items``)

# Only these arguments are looked up in WORDS: any other argument is a user's value as typed.
WORD_ARGS = frozenset({"expected", "got", "what", "amount", "poster", "orientation", "total"})

# The lines commands print besides problems: key: (zh, en), filled like the messages.
TEXTS: dict[str, tuple[str, str]] = {
    "cli.description": (
        "社区互助资源包的网站、海报和下载包生成器",
        "builds the website, posters and downloads of mutual-aid toolkit packs",
    ),
    "cli.io": ("无法读写 {path}：{reason}", "cannot read or write {path}: {reason}"),
    "cli.io-unnamed": ("无法读写文件：{reason}", "cannot read or write a file: {reason}"),
    "report.parser": (" （读取文件时的原始报错，英文：{said}）", " (the parser said: {said})"),
    "report.count": ("共 {errors} 个错误，{warnings} 个警告", "{errors} error(s), {warnings} warning(s)"),
    "report.code-page": ("（说明和例子：{url}）", "(explained, with examples: {url})"),
    "check.clean": ("没有发现问题。", "No problems found."),
    "build.done": (
        "完成：{packs} 个资源包，{files} 个下载文件，用时 {seconds} 秒 → {site}",
        "Done: {packs} pack(s), {files} download(s) in {seconds} s → {site}",
    ),
    "build.shard": (
        "完成：分片 {shard} 的 PDF 在 {cache}；把各分片的 {cache} 合到一处，再运行 kitpress build",
        "Done: shard {shard}'s PDFs are in {cache}; put every shard's {cache} together, then run kitpress build",
    ),
    "build.kept": (
        "网站没有生成，原来的 {site} 保持不变。",
        "The site was not built; the old {site} is unchanged.",
    ),
    "press.summary": (
        "PDF：新生成 {rendered} 个，沿用 {reused} 个，用时 {seconds} 秒",
        "PDF: {rendered} printed, {reused} reused, in {seconds} s",
    ),
    "press.progress": ("生成 PDF {bar} {done}/{total}", "Printing PDFs {bar} {done}/{total}"),
    "serve.updated": ("已更新（{seconds} 秒）", "Updated ({seconds} s)"),
    "serve.address": ("预览地址：{url} （Ctrl+C 停止）", "Preview at {url} (Ctrl+C to stop)"),
    "serve.failed": (
        "网站没有更新：下面的问题改好并保存后，这一页会自动刷新。",
        "The site was not updated: fix the problems below and save; this page then reloads.",
    ),
    "serve.hide": ("先隐藏", "Hide"),
    "new.done": (
        "已创建 {path}：改好 pack.yml 和 cards/ 后运行 {command}",
        "created {path}: edit pack.yml and cards/, then run {command}",
    ),
    # --help: the commands, their options, and argparse's own words
    "help.usage": ("用法：", "usage: "),
    "help.commands": ("命令", "commands"),
    "help.positionals": ("位置参数", "positional arguments"),
    "help.options": ("选项", "options"),
    "help.help": ("显示这段帮助后退出", "show this help message and exit"),
    "help.version": ("显示版本号后退出", "show the version number and exit"),
    "help.lang": (
        "提示语言（默认中文；LANG 为英文时用英文）",
        "message language (default: zh, or en if LANG is English)",
    ),
    "help.root": (
        "项目文件夹（默认：含有 mkdocs.yml 和 packs/ 的那个）",
        "project folder (default: the one holding mkdocs.yml and packs/)",
    ),
    "help.check": (
        "检查资源包和页面，列出每个问题所在的文件和行",
        "check packs and content, reporting every problem with its file and line",
    ),
    "help.check.paths": ("只报告这些文件或文件夹里的问题", "only report problems in these files or folders"),
    "help.check.strict": ("有警告也算不通过", "fail on warnings too"),
    "help.check.verbose": (
        "YAML 语法有错时，也显示 YAML 解析器的原话（英文）",
        "after a YAML syntax problem, also show what the YAML parser said (in English)",
    ),
    "help.check.site_url": ("按这个网站地址检查二维码长度", "site address used to check QR code length"),
    "help.check.posters": (
        "不排版海报、不检查文字是否放得下（更快）",
        "skip laying out the posters to see that their text fits (faster)",
    ),
    "help.build": (
        "先检查，再把网站、海报和下载包生成到 build/site",
        "check, then build the site, posters and bundles into build/site",
    ),
    "help.build.site_url": (
        "发布地址（代替 mkdocs.yml 里的 site_url；二维码用它）",
        "publish address (overrides site_url in mkdocs.yml; QR codes use it)",
    ),
    "help.build.strict": ("有警告也不生成", "refuse to build on warnings too"),
    "help.build.verbose": (
        "YAML 语法有错时，也显示 YAML 解析器的原话（英文）",
        "after a YAML syntax problem, also show what the YAML parser said (in English)",
    ),
    "help.build.bleed": ("给海报加 3 毫米出血和裁切线", "add 3 mm bleed and crop marks to posters"),
    "help.build.jobs": ("生成 PDF 的进程数（默认每个 CPU 核一个）", "poster render processes (default: one per core)"),
    "help.build.shard": (
        "只生成 N 份海报中的第 I 份，放进 build/cache（不生成网站），供多台机器分担",
        "render only share I of N of the posters into build/cache (no site), to split across machines",
    ),
    "help.build.engine": ("生成网站用的程序（默认 mkdocs）", "the site generator (default: mkdocs)"),
    "help.new": ("用一份带注释、能通过检查的模板新建资源包", "start a new pack from a commented template that passes check"),
    "help.new.slug": ("新资源包的文件夹名：小写字母、数字和连字符", "folder name of the new pack: a-z, 0-9 and hyphens"),
    "help.serve": (
        "生成并在本机预览网站，资源包、页面或模板改动后自动重新生成",
        "build, serve the site locally and rebuild when packs, content or templates change",
    ),
    "help.serve.host": ("监听的地址", "address to listen on"),
    "help.serve.port": ("监听的端口", "port to listen on"),
    "help.labels": ("不写资源包，直接打印楼号牌", "print building-number signs without writing a pack"),
    "help.labels.buildings": ("楼号，例如 \"1-12,15,3A\"", 'building numbers, e.g. "1-12,15,3A"'),
    "help.labels.per_sign": ("每块牌子写几个楼号", "how many building numbers one sign groups"),
    "help.labels.output": ("要写出的 PDF 文件", "PDF file to write"),
}  # fmt: skip

_DID_YOU_MEAN = {"zh": "你是不是想写 “{hint}”？", "en": "did you mean '{hint}'?"}


def render_message(code: str, args: Mapping[str, str], lang: str = "zh") -> str:
    """Fill in the message for ``code`` in ``lang``, with a did-you-mean when hinted."""
    text = fill(MESSAGES[code], args, lang)
    if args.get("hint"):
        joint = "; " if lang == "en" else "。"
        text += joint + _DID_YOU_MEAN["en" if lang == "en" else "zh"].format(hint=args["hint"])
    return text


def say(key: str, lang: str = "zh", **args: object) -> str:
    """Return the line ``key`` of TEXTS in ``lang``; seconds are shown to a tenth."""
    shown = {k: f"{v:.1f}" if isinstance(v, float) else str(v) for k, v in args.items()}
    return fill(TEXTS[key], shown, lang)


def fill(entry: tuple[str, str], args: Mapping[str, str], lang: str) -> str:
    """Fill the ``lang`` side of a catalog entry, naming word arguments in that language."""
    index = 1 if lang == "en" else 0
    shown = {k: _listed(v, index) if v.startswith(ITEMS) else v for k, v in args.items()}
    return entry[index].format_map(_Missing(_words(shown, index)))


def items(values: Iterable[object]) -> str:
    """Pass a list as one message argument; each language joins it in its own way."""
    return ITEMS + ITEMS.join(str(value) for value in values)


def _listed(value: str, index: int) -> str:
    """Join a list argument: 甲、乙 in Chinese, 'a', 'b' in English (values kept as typed)."""
    found = value.split(ITEMS)[1:]
    if not found:
        return "—"
    return ", ".join(f"'{v}'" for v in found) if index else "、".join(found)


def placeholders(text: str) -> set[str]:
    """Return the names of the {placeholders} in a catalog text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _words(args: Mapping[str, str], index: int) -> dict[str, str]:
    """Replace word keys among ``args`` by their words, innermost first."""
    done: dict[str, str] = {}

    def resolve(name: str, outer: Iterable[str]) -> str:
        value = args[name]
        if name in done or name not in WORD_ARGS or value not in WORDS or name in outer:
            return done.get(name, value)
        template = WORDS[value][index]
        inner = {n: resolve(n, (*outer, name)) for n in placeholders(template) if n in args}
        done[name] = template.format_map(_Missing(inner))
        return done[name]

    return {name: resolve(name, ()) for name in args}


class _Missing(dict[str, str]):
    """Leave unknown placeholders visible instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
