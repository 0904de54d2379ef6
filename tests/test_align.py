"""Paragraph alignment of two versions of a document (drafting.align)."""
from __future__ import annotations

import random
import time

from drafting.align import align_paragraphs, similarity

DRAFT = [
    "CHỈ THỊ",
    "Về việc nâng cao chất lượng công tác thi đua, khen thưởng",
    "1. Các sở, ban, ngành tổ chức phát động phong trào thi đua thiết thực, hiệu quả.",
    "2. Việc khen thưởng phải bảo đảm chính xác, công khai, minh bạch và kịp thời.",
    "3. Tăng cường công tác kiểm tra, giám sát việc thực hiện chính sách khen thưởng.",
    "Nơi nhận:",
]


def covers_both_sides_in_order(pairs, old, new) -> bool:
    olds = [i for i, _ in pairs if i is not None]
    news = [j for _, j in pairs if j is not None]
    return olds == list(range(len(old))) and news == list(range(len(new)))


def test_identical_versions_pair_every_paragraph_with_itself():
    assert align_paragraphs(DRAFT, list(DRAFT)) == [(i, i) for i in range(len(DRAFT))]


def test_an_added_paragraph_is_an_insertion():
    new = DRAFT[:3] + ["Bổ sung một đoạn hoàn toàn mới về chế độ báo cáo định kỳ."] + DRAFT[3:]
    pairs = align_paragraphs(DRAFT, new)
    assert (None, 3) in pairs
    assert (3, 4) in pairs and (2, 2) in pairs


def test_a_removed_paragraph_is_a_deletion():
    new = DRAFT[:4] + DRAFT[5:]
    pairs = align_paragraphs(DRAFT, new)
    assert (4, None) in pairs
    assert (5, 4) in pairs


def test_a_paragraph_with_one_word_changed_is_paired_as_modified():
    new = list(DRAFT)
    new[3] = DRAFT[3].replace("kịp thời", "đúng thời hạn")
    assert align_paragraphs(DRAFT, new) == [(i, i) for i in range(len(DRAFT))]


def test_a_paragraph_replaced_by_unrelated_text_is_a_deletion_and_an_insertion():
    new = list(DRAFT)
    new[4] = "Giao Văn phòng UBND tỉnh theo dõi, đôn đốc."
    pairs = align_paragraphs(DRAFT, new)
    assert (4, None) in pairs and (None, 4) in pairs
    assert (4, 4) not in pairs


def test_in_a_changed_block_similar_paragraphs_pair_and_the_others_stay_apart():
    old = ["alpha beta gamma delta", "một đoạn sẽ bị xoá hẳn", "epsilon zeta eta theta"]
    new = ["alpha beta gamma delta thêm", "epsilon zeta eta theta iota"]
    assert align_paragraphs(old, new) == [(0, 0), (1, None), (2, 1)]


def test_repeated_paragraphs_are_aligned_in_order():
    old = ["", "a b c", "", "d e f", ""]
    new = ["", "a b c", "", "", "d e f", ""]
    pairs = align_paragraphs(old, new)
    assert covers_both_sides_in_order(pairs, old, new)
    assert sum(1 for i, j in pairs if i is not None and j is not None) == 5


def test_every_paragraph_appears_once_in_document_order():
    rng = random.Random(7)
    words = "công tác thi đua khen thưởng tỉnh sở ban ngành kiểm tra giám sát".split()
    old = [" ".join(rng.choices(words, k=rng.randint(0, 12))) for _ in range(300)]
    new = list(old)
    for _ in range(60):
        k = rng.randrange(len(new))
        action = rng.choice(["drop", "add", "edit"])
        if action == "drop":
            del new[k]
        elif action == "add":
            new.insert(k, " ".join(rng.choices(words, k=5)))
        else:
            new[k] = new[k] + " " + rng.choice(words)
    assert covers_both_sides_in_order(align_paragraphs(old, new), old, new)


def test_similarity_is_the_overlap_of_word_sets_ignoring_case_and_punctuation():
    assert similarity("Khen thưởng, kịp thời.", "khen thưởng kịp thời") == 1.0
    assert similarity("a b c d", "a b x y") == 0.5
    assert similarity("a a b", "a b") == 1.0
    assert similarity("", "") == 1.0
    assert similarity("", "a") == 0.0


def test_three_thousand_paragraphs_with_scattered_edits_align_in_well_under_a_second():
    old = [f"Đoạn số {n}: các cơ quan, đơn vị triển khai nhiệm vụ thứ {n} đúng hạn." for n in range(3000)]
    new = list(old)
    for n in range(0, 3000, 60):
        new[n] = new[n].replace("đúng hạn", "kịp thời, hiệu quả")
    start = time.perf_counter()
    pairs = align_paragraphs(old, new)
    assert time.perf_counter() - start < 1.0
    assert pairs == [(n, n) for n in range(3000)]


def test_a_large_rewritten_block_stays_linear():
    old = [f"đoạn cũ {n} nội dung {n % 7}" for n in range(2000)]
    new = [f"văn bản mới {n} khác {n % 5}" for n in range(2000)]
    start = time.perf_counter()
    pairs = align_paragraphs(old, new)
    assert time.perf_counter() - start < 2.0
    assert covers_both_sides_in_order(pairs, old, new)
