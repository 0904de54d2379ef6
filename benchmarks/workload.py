"""The benchmark workload, generated deterministically from a seed.

- `make_draft`: a directive-like .docx (python-docx): a header table, Roman
  parts, numbered items, a)/b) points, dash and plus bullets, bold/italic runs,
  runs split mid-sentence (sometimes mid-word), a few tables, a closing block;
  about ten paragraphs a page.
- `make_feedback`: comments on the draft's sections (read back with
  `drafting.reader.read_draft`), a given number of them accepted with one edit
  (replace / delete / insert after / insert before) each, on distinct sections,
  every edit text checked to occur exactly once in its section.
- `make_edited_copy`: a copy of a .docx with scattered one-word edits made in
  the `w:t` text of `word/document.xml`, everything else byte-for-byte kept.
"""
from __future__ import annotations

import random
import re
import zipfile
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

SUBJECTS = [
    "Các sở, ban, ngành cấp tỉnh", "Ủy ban nhân dân các huyện, thành phố, thị xã", "Sở Nội vụ",
    "Ban Thi đua - Khen thưởng tỉnh", "Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Sở Giáo dục và Đào tạo",
    "Sở Y tế", "Sở Nông nghiệp và Phát triển nông thôn", "Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh",
    "Sở Thông tin và Truyền thông", "Báo Nghệ An", "Đài Phát thanh và Truyền hình tỉnh",
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Liên đoàn Lao động tỉnh", "Hội Nông dân tỉnh",
    "Hội Liên hiệp Phụ nữ tỉnh", "Tỉnh đoàn", "các doanh nghiệp trên địa bàn tỉnh", "Sở Tư pháp",
    "Thanh tra tỉnh", "Sở Xây dựng", "Sở Giao thông vận tải", "Sở Tài nguyên và Môi trường",
    "Sở Lao động - Thương binh và Xã hội", "Sở Văn hóa và Thể thao", "Sở Khoa học và Công nghệ",
]
VERBS = [
    "chủ trì, phối hợp với", "tăng cường", "đẩy mạnh", "tổ chức triển khai", "chỉ đạo quyết liệt",
    "thường xuyên kiểm tra, đôn đốc", "nghiên cứu, đề xuất", "hướng dẫn cụ thể", "rà soát, bổ sung",
    "quán triệt sâu sắc", "cụ thể hóa", "nâng cao hiệu quả", "đổi mới nội dung, hình thức",
    "thực hiện nghiêm túc", "kịp thời biểu dương", "chủ động xây dựng", "tập trung lãnh đạo",
]
OBJECTS = [
    "công tác thi đua, khen thưởng", "phong trào thi đua yêu nước", "các mô hình, điển hình tiên tiến",
    "việc phát hiện, bồi dưỡng, nhân rộng gương người tốt, việc tốt", "công tác tuyên truyền",
    "kế hoạch phát triển kinh tế - xã hội", "chương trình mục tiêu quốc gia xây dựng nông thôn mới",
    "cải cách hành chính", "chuyển đổi số trong cơ quan nhà nước", "công tác phòng, chống tham nhũng",
    "việc xét tặng danh hiệu thi đua", "hồ sơ, thủ tục đề nghị khen thưởng", "quy chế dân chủ ở cơ sở",
    "công tác cán bộ", "chế độ báo cáo định kỳ", "việc sơ kết, tổng kết phong trào",
    "đội ngũ cán bộ làm công tác thi đua", "quỹ thi đua, khen thưởng", "hệ thống cơ sở dữ liệu",
    "công tác bảo vệ môi trường", "an sinh xã hội", "chất lượng giáo dục và đào tạo",
]
QUALIFIERS = [
    "bảo đảm thiết thực, hiệu quả", "tránh hình thức, lãng phí", "đúng người, đúng thành tích",
    "công khai, minh bạch", "kịp thời, chính xác", "phù hợp với điều kiện thực tế của địa phương",
    "theo đúng quy định của pháp luật", "gắn với nhiệm vụ chính trị của cơ quan, đơn vị",
    "có trọng tâm, trọng điểm", "với sự tham gia của toàn dân", "trong năm 2021 và các năm tiếp theo",
    "ở cả ba cấp tỉnh, huyện, xã", "nhất là ở vùng sâu, vùng xa, vùng đồng bào dân tộc thiểu số",
    "đặc biệt là người lao động trực tiếp", "trước ngày 15 tháng 12 hằng năm", "theo từng quý, sáu tháng",
]
PLACES = ["Vinh", "Cửa Lò", "Thái Hòa", "Hoàng Mai", "Diễn Châu", "Quỳnh Lưu", "Nghi Lộc", "Đô Lương",
          "Thanh Chương", "Anh Sơn", "Con Cuông", "Tương Dương", "Kỳ Sơn", "Quế Phong", "Quỳ Châu",
          "Quỳ Hợp", "Nghĩa Đàn", "Tân Kỳ", "Yên Thành", "Nam Đàn", "Hưng Nguyên"]
CONNECT = ["đồng thời", "trong đó", "qua đó", "trên cơ sở đó", "bên cạnh đó", "ngoài ra"]
PART_TITLES = [
    "MỤC TIÊU, YÊU CẦU", "NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU", "ĐỔI MỚI CÔNG TÁC THI ĐUA",
    "NÂNG CAO CHẤT LƯỢNG KHEN THƯỞNG", "CÔNG TÁC TUYÊN TRUYỀN", "KIỆN TOÀN BỘ MÁY",
    "KIỂM TRA, GIÁM SÁT", "CHẾ ĐỘ BÁO CÁO", "KINH PHÍ THỰC HIỆN", "TỔ CHỨC THỰC HIỆN",
]
NEW_WORDS = ["thực chất", "cụ thể", "kịp thời", "thường xuyên", "đồng bộ", "hiệu quả", "nghiêm túc",
             "chặt chẽ", "toàn diện", "linh hoạt", "sáng tạo", "quyết liệt", "khách quan", "bền vững"]
DELEGATES = [
    ("Võ Văn Dũng", "Phó Trưởng Ban Tuyên giáo Tỉnh ủy"), ("Hoàng Văn Nhiên", "Sở Nội vụ"),
    ("Lê Hồng Vinh", "Phó Chủ tịch UBND tỉnh"), ("Nguyễn Thị Thu Hường", "Sở Tài chính"),
    ("Trần Quốc Khánh", "Sở Kế hoạch và Đầu tư"), ("Phạm Thị Hoa", "Hội Liên hiệp Phụ nữ tỉnh"),
    ("Đặng Văn Bình", "Sở Y tế"), ("Bùi Thị Lan", "Sở Giáo dục và Đào tạo"), ("Hồ Sỹ Hùng", "Công an tỉnh"),
    ("Ngô Đức Thành", "Sở Tư pháp"), ("Đinh Thị Mai", "Liên đoàn Lao động tỉnh"),
    ("Phan Văn Tâm", "UBND huyện Diễn Châu"), ("Lương Thị Hằng", "UBND thành phố Vinh"),
    ("Vương Đình Quang", "Thanh tra tỉnh"), ("Chu Văn Lợi", "Hội Nông dân tỉnh"),
    ("Thái Thị Ngọc", "Tỉnh đoàn"), ("Cao Xuân Hải", "Sở Xây dựng"), ("Dương Minh Tuấn", "Văn phòng UBND tỉnh"),
]
REMARKS = [
    "Đề nghị làm rõ trách nhiệm của cơ quan chủ trì.", "Nội dung còn chung chung, cần cụ thể hơn.",
    "Đề nghị bổ sung thời hạn thực hiện.", "Cần thống nhất cách dùng thuật ngữ với văn bản của Trung ương.",
    "Đề nghị rút gọn, tránh trùng lặp với Mục trước.", "Nên bổ sung chế tài khi không thực hiện.",
    "Đề nghị xem lại tính khả thi của chỉ tiêu này.", "Cần phân công rõ đơn vị phối hợp.",
    "Đề nghị chỉnh sửa câu chữ cho chặt chẽ.", "Thống nhất với nội dung dự thảo.",
]
RESPONSES = {
    "accepted": "Tiếp thu, đã chỉnh sửa trong dự thảo.",
    "partly-accepted": "Tiếp thu một phần; phần còn lại đã được quy định tại văn bản khác.",
    "not-accepted": "Xin giải trình: nội dung này đã được quy định tại Luật Thi đua, khen thưởng.",
    "noted": "Ghi nhận để chỉ đạo trong quá trình tổ chức thực hiện.",
}
ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
         (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
LETTERS = "abcdđeghiklmnopqrstuvxy"


def roman(n: int) -> str:
    out = []
    for value, numeral in ROMAN:
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


# ---------------------------------------------------------------- the draft

def _sentence(rng: random.Random) -> str:
    s = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}, {rng.choice(QUALIFIERS)}"
    if rng.random() < 0.5:
        s += f"; {rng.choice(CONNECT)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} tại {rng.choice(PLACES)}"
    if rng.random() < 0.3:
        s += f", phấn đấu đạt {rng.randint(5, 98)}% kế hoạch năm {rng.randint(2021, 2030)}"
    return s + "."


def _body(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _add_runs(paragraph, text: str, rng: random.Random, bold_prefix: int = 0) -> None:
    """Add `text` as several runs: the first `bold_prefix` characters bold, the
    rest split at random places (sometimes inside a word), a few bold or italic."""
    cuts = {bold_prefix} if bold_prefix else set()
    for _ in range(rng.randint(1, 4)):
        cuts.add(rng.randint(1, max(1, len(text) - 1)))
    bounds = [0, *sorted(c for c in cuts if 0 < c < len(text)), len(text)]
    for start, end in zip(bounds, bounds[1:]):
        run = paragraph.add_run(text[start:end])
        if start < bold_prefix:
            run.bold = True
        else:
            r = rng.random()
            if r < 0.08:
                run.bold = True
            elif r < 0.16:
                run.italic = True


def make_draft(path: Path, paragraphs: int, seed: int) -> dict:
    """A directive-like draft of about `paragraphs` paragraphs; returns counts."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    rng = random.Random(seed)
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.first_line_indent = Cm(1.27)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    section = document.sections[0]
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    count = {"paragraphs": 0, "tables": 0}

    def para(text: str, *, bold_prefix: int = 0, center: bool = False, bold: bool = False):
        p = document.add_paragraph()
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.first_line_indent = Cm(0)
        if bold:
            p.add_run(text).bold = True
        else:
            _add_runs(p, text, rng, bold_prefix)
        count["paragraphs"] += 1
        return p

    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.text = "ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\nSố: /CT-UBND"
    right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nNghệ An, ngày   tháng   năm 2021"
    para("CHỈ THỊ", center=True, bold=True)
    para("Về việc nâng cao chất lượng công tác thi đua, khen thưởng trên địa bàn tỉnh", center=True, bold=True)
    para(_body(rng, 4))
    para(_body(rng, 3))

    body_target = paragraphs - 12
    part = 0
    while count["paragraphs"] < body_target:
        part += 1
        title = PART_TITLES[(part - 1) % len(PART_TITLES)]
        para(f"{roman(part)}. {title}", bold=True)
        para(_body(rng, rng.randint(1, 3)))
        for item in range(1, rng.randint(15, 30) + 1):
            if count["paragraphs"] >= body_target:
                break
            heading = f"{item}. {rng.choice(VERBS).capitalize()} {rng.choice(OBJECTS)}"
            # an item with a title: the label and title bold, then text in the same paragraph
            para(f"{heading}. {_body(rng, rng.randint(1, 2))}", bold_prefix=len(heading) + 1)
            if rng.random() < 0.6:
                para(_body(rng, rng.randint(1, 3)))
            for point in range(rng.choice([0, 2, 3, 3, 4])):
                para(f"{LETTERS[point]}) {_body(rng, rng.randint(1, 2))}")
                for _ in range(rng.choice([0, 0, 1, 2])):
                    para(f"{rng.choice('-+')} {_sentence(rng)}")
            if rng.random() < 0.02:
                table = document.add_table(rows=4, cols=3)
                table.style = "Table Grid"
                for r, row in enumerate(table.rows):
                    for c, cell in enumerate(row.cells):
                        cell.text = (["TT", "Đơn vị", "Chỉ tiêu"][c] if r == 0 else
                                     [str(r), rng.choice(SUBJECTS), f"{rng.randint(50, 100)}%"][c])
                count["tables"] += 1

    para("Nơi nhận:", bold=True)
    for entry in ("- Văn phòng Chính phủ;", "- Thường trực Tỉnh ủy;", "- Chủ tịch, các PCT UBND tỉnh;",
                  "- Các sở, ban, ngành cấp tỉnh;", "- UBND các huyện, thành phố, thị xã;", "- Lưu: VT, TĐKT."):
        para(entry)
    para("TM. ỦY BAN NHÂN DÂN", center=True, bold=True)
    para("CHỦ TỊCH", center=True, bold=True)
    para("Nguyễn Đức Trung", center=True, bold=True)
    count["parts"] = part
    document.save(path)
    return count


# ---------------------------------------------------------------- the feedback

def _windows(text: str, start: int, rng: random.Random, sizes=(2, 3, 4, 5)):
    """Random word windows of `text` after offset `start`: (offset, end)."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", text) if m.start() >= start]
    order = list(range(len(spans)))
    rng.shuffle(order)
    for i in order:
        k = rng.choice(sizes)
        if i + k <= len(spans):
            a, b = spans[i][0], spans[i + k - 1][1]
            yield a, text[a:b].rstrip(",.;:")


def _occurs(paragraphs, needle: str) -> int:
    from drafting.text import find_all
    return sum(len(find_all(p.text, needle)) for p in paragraphs)


def _unique_window(section, rng: random.Random):
    """(paragraph, text) of a few words occurring exactly once in the section's own text."""
    from drafting.labels import parse_label
    candidates = [p for p in section.paragraphs if not p.in_table and len(p.text.split()) > 8]
    rng.shuffle(candidates)
    for p in candidates:
        label = parse_label(p.text)
        start = label.end if label is not None else (2 if p.bullet else 0)
        for tries, (_, needle) in enumerate(_windows(p.text, start, rng)):
            if tries > 12:
                break
            if len(needle.split()) >= 2 and _occurs(section.paragraphs, needle) == 1:
                return p, needle
    return None


def make_feedback(draft_path: Path, path: Path, comments: int, edits: int, seed: int) -> dict:
    """`comments` comments, `edits` of them accepted with one edit each on distinct sections."""
    import yaml

    from drafting.reader import read_draft

    rng = random.Random(seed + 1)
    draft = read_draft(draft_path)
    sections = [s for s in draft.walk() if s.kind not in ("preamble", "closing") and s.paragraphs]
    editable = sections[:]
    rng.shuffle(editable)

    planned = []        # (section, edit dict, quote)
    kinds = ["replace", "delete", "insert-after", "insert-before"]
    for section in editable:
        if len(planned) == edits:
            break
        found = _unique_window(section, rng)
        if found is None:
            continue
        _, needle = found
        kind = kinds[len(planned) % len(kinds)]
        if kind == "replace":
            edit = {"replace": needle, "with": f"{rng.choice(NEW_WORDS)} và {rng.choice(NEW_WORDS)}"}
        elif kind == "delete":
            edit = {"delete": needle}
        elif kind == "insert-after":
            edit = {"insert": f"một cách {rng.choice(NEW_WORDS)}", "after": needle}
        else:
            edit = {"insert": f"kịp thời và {rng.choice(NEW_WORDS)}", "before": needle}
        planned.append((section, edit, needle))
    if len(planned) < edits:
        raise SystemExit(f"only {len(planned)} unique edit texts found for {edits} edits; grow the draft")

    records = []
    edited_ids = {s.id for s, _, _ in planned}
    others = [s for s in sections if s.id not in edited_ids] or sections
    decisions = ["not-accepted", "noted", "partly-accepted", "pending", "noted", "not-accepted", "accepted"]
    plain = comments - edits
    slots = [None] * comments
    for i, item in enumerate(planned):   # spread the accepted-with-edit comments over the list
        slots[(i * comments) // edits] = item
    for n, item in enumerate(slots, start=1):
        by, org = rng.choice(DELEGATES)
        record = {"id": n, "by": by, "org": org}
        if item is not None:
            section, edit, needle = item
            record.update(section=section.id, quote=needle,
                          text=f"{rng.choice(REMARKS)} Đề nghị sửa cụm từ “{needle}”.",
                          decision="accepted", response=RESPONSES["accepted"], edits=[edit])
        else:
            r = rng.random()
            if r < 0.08:
                record.update(section="general", text=rng.choice(REMARKS))
            else:
                section = rng.choice(others)
                record["section"] = section.id
                record["text"] = rng.choice(REMARKS)
                if rng.random() < 0.3:
                    found = _unique_window(section, rng)
                    if found is not None:
                        record["quote"] = found[1]
            decision = decisions[n % len(decisions)]
            record["decision"] = decision
            if decision != "pending":
                record["response"] = RESPONSES[decision]
        records.append(record)
    data = {"title": "Dự thảo Chỉ thị về việc nâng cao chất lượng công tác thi đua, khen thưởng",
            "meeting": "Cuộc họp UBND tỉnh ngày 03/02/2021", "author": "Ban Thi đua - Khen thưởng tỉnh",
            "date": "2021-02-05", "comments": records}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return {"sections": len(sections), "comments": len(records), "edits": len(planned), "plain": plain}


# ---------------------------------------------------------------- the edited copy for compare

def make_edited_copy(src: Path, dst: Path, edits: int, seed: int) -> list[tuple[str, str]]:
    """Copy `src` to `dst` with `edits` one-word edits (replace, insert, delete)
    in distinct body paragraphs spread over the document. Returns (before, after)
    of each edited w:t."""
    from lxml import etree

    rng = random.Random(seed + 2)
    with zipfile.ZipFile(src) as zin:
        infos = zin.infolist()
        parts = {i.filename: zin.read(i.filename) for i in infos}
    root = etree.fromstring(parts["word/document.xml"])
    body = root.find(f"{{{W}}}body")
    paragraphs = [p for p in body.iter(f"{{{W}}}p")]
    candidates = []
    for index, p in enumerate(paragraphs):
        ts = [t for t in p.iter(f"{{{W}}}t") if len((t.text or "").split()) >= 4]
        if ts:
            candidates.append((index, ts))
    step = len(candidates) / edits
    chosen = [candidates[int(i * step + rng.random() * step * 0.5)] for i in range(edits)]
    changes = []
    for n, (_, ts) in enumerate(chosen):
        t = rng.choice(ts)
        before = t.text
        words = before.split(" ")
        inner = [i for i in range(1, len(words) - 1) if words[i] and words[i].isalpha()]
        if not inner:
            inner = [i for i in range(1, len(words) - 1) if words[i]]
        i = rng.choice(inner)
        kind = ("replace", "replace", "replace", "insert", "delete")[n % 5]
        new = rng.choice(NEW_WORDS).split()[0]
        if kind == "replace":
            words[i] = new if new != words[i] else "mới"
        elif kind == "insert":
            words.insert(i, new)
        else:
            del words[i]
        t.text = " ".join(words)
        changes.append((before, t.text))
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in infos:
            zout.writestr(info, parts[info.filename])
    return changes
