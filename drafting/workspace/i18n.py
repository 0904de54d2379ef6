"""The pages' words in Vietnamese (the default) and English: one table, looked
up by key; the decision labels come from the model, as the response table's do."""
from __future__ import annotations

from drafting.model import DECISION_LABELS, Decision

LANGS = ("vi", "en")
MESSAGES: dict[str, dict[str, str]] = {
    "vi": {
        "app": "Tiếp thu, giải trình góp ý", "login": "Đăng nhập", "logout": "Đăng xuất",
        "user": "Tên đăng nhập", "password": "Mật khẩu", "login_failed": "Sai tên đăng nhập hoặc mật khẩu.",
        "throttled": "Đăng nhập sai quá nhiều lần; hãy thử lại sau.",
        "dossiers": "Hồ sơ", "no_dossiers": "Chưa có hồ sơ nào.", "new_dossier": "Tạo hồ sơ từ dự thảo (.docx)",
        "draft_file": "Tệp dự thảo", "title": "Tiêu đề", "create": "Tạo hồ sơ", "role": "Vai trò",
        "comments": "Góp ý", "sections": "Mục lục", "general": "Góp ý chung", "by": "Người góp ý",
        "org": "Cơ quan", "quote": "Trích dẫn", "text": "Nội dung góp ý", "decision": "Quyết định",
        "response": "Giải trình", "edits": "Sửa đổi", "save": "Lưu", "saved": "Đã lưu",
        "filter": "Lọc", "all": "Tất cả", "pending_only": "Chưa xử lý", "section": "Mục",
        "counts": "Theo quyết định", "table": "Bảng tiếp thu, giải trình", "changes": "Tóm tắt thay đổi",
        "exports": "Xuất văn bản", "imports": "Nhập góp ý", "as_json": "Dạng JSON", "api_docs": "Tài liệu API",
        "import_files": "Tệp góp ý (.xlsx, .csv, .yaml, bản .docx có nhận xét)", "upload": "Tải lên",
        "imported": "Đã nhập", "added": "góp ý mới", "make_export": "Tạo bản xuất", "download": "Tải về",
        "zip": "Tất cả (.zip)", "blank_sheet": "Phiếu góp ý trống (.xlsx)", "no_exports": "Chưa có bản xuất nào.",
        "selection": "Đoạn chọn", "new_text": "Nội dung mới", "for_comment": "Cho góp ý",
        "replace": "Thay thế", "delete": "Xóa", "insert_before": "Chèn trước", "insert_after": "Chèn sau",
        "rewrite": "Viết lại đoạn", "add_after": "Thêm mục sau", "remove_section": "Bỏ mục",
        "use_quote": "Trích dẫn đoạn chọn", "add_edit": "Thêm sửa đổi và lưu", "remove": "Bỏ",
        "select_hint": "Chọn chữ trong văn bản của mục để trích dẫn hoặc sửa.",
        "redline": "Bản sửa (theo dõi thay đổi)", "problems": "Vấn đề",
        "conflict": "Người khác đã lưu góp ý này trước bạn. Bản của họ:",
        "keep_mine": "Giữ bản của tôi", "take_theirs": "Lấy bản của họ",
        "add_comment": "Thêm góp ý", "members": "Thành viên", "invite": "Mời", "language": "English",
        "shortcuts": "Phím tắt: j/k góp ý chưa xử lý kế tiếp/trước; 1–4 chọn quyết định.",
        "no_changes": "Chưa có thay đổi nào được tiếp thu.", "cannot_apply": "Chưa áp dụng được các sửa đổi:",
        "draft_text": "Nội dung dự thảo", "kind": "Loại sửa đổi", "draft": "Dự thảo",
        "round": "Vòng", "history": "Lịch sử", "back": "Về hồ sơ", "progress": "Tiến độ tải lên",
        "print": "In bảng", "main": "Nội dung chính", "comment_n": "Góp ý",
        "same_row": "Gộp một dòng với góp ý",
        "role_editor": "Biên tập", "role_reviewer": "Góp ý", "role_viewer": "Xem",
    },
    "en": {
        "app": "Comment responses", "login": "Sign in", "logout": "Sign out",
        "user": "User name", "password": "Password", "login_failed": "Wrong user name or password.",
        "throttled": "Too many failed sign-ins; try again later.",
        "dossiers": "Dossiers", "no_dossiers": "No dossier yet.", "new_dossier": "New dossier from a draft (.docx)",
        "draft_file": "Draft file", "title": "Title", "create": "Create dossier", "role": "Role",
        "comments": "Comments", "sections": "Sections", "general": "General comments", "by": "Delegate",
        "org": "Agency", "quote": "Quote", "text": "Comment", "decision": "Decision",
        "response": "Response", "edits": "Edits", "save": "Save", "saved": "Saved",
        "filter": "Filter", "all": "All", "pending_only": "Pending", "section": "Section",
        "counts": "By decision", "table": "Response table", "changes": "Change summary",
        "exports": "Exports", "imports": "Import comments", "as_json": "As JSON", "api_docs": "API docs",
        "import_files": "Feedback files (.xlsx, .csv, .yaml, commented .docx copies)", "upload": "Upload",
        "imported": "Imported", "added": "new comments", "make_export": "Make an export", "download": "Download",
        "zip": "Everything (.zip)", "blank_sheet": "Blank feedback sheet (.xlsx)", "no_exports": "No export yet.",
        "selection": "Selection", "new_text": "New text", "for_comment": "For comment",
        "replace": "Replace", "delete": "Delete", "insert_before": "Insert before", "insert_after": "Insert after",
        "rewrite": "Rewrite paragraph", "add_after": "Add section after", "remove_section": "Remove section",
        "use_quote": "Quote the selection", "add_edit": "Add edit and save", "remove": "Remove",
        "select_hint": "Select words in a section's text to quote or edit them.",
        "redline": "Redline (tracked changes)", "problems": "Problems",
        "conflict": "Someone else saved this comment before you. Their version:",
        "keep_mine": "Keep mine", "take_theirs": "Take theirs",
        "add_comment": "Add a comment", "members": "Members", "invite": "Invite", "language": "Tiếng Việt",
        "shortcuts": "Shortcuts: j/k next/previous pending comment; 1–4 choose the decision.",
        "no_changes": "No accepted change yet.", "cannot_apply": "The edits cannot be applied yet:",
        "draft_text": "Draft text", "kind": "Kind of edit", "draft": "Draft",
        "round": "Round", "history": "History", "back": "Back to the dossier", "progress": "Upload progress",
        "print": "Print the table", "main": "Main content", "comment_n": "Comment",
        "same_row": "One row with comment",
        "role_editor": "Editor", "role_reviewer": "Reviewer", "role_viewer": "Viewer",
    },
}
# The words `static/workspace.js` writes into a page (passed in the page's body).
SCRIPT_WORDS: dict[str, dict[str, str]] = {
    "vi": {"saved": "Đã lưu", "saving": "Đang lưu…", "remove": "Bỏ", "failed": "Lỗi", "added": "góp ý mới",
           "replace": "Thay", "delete": "Xóa", "insert": "Chèn", "before": "trước", "after": "sau",
           "text": "Viết lại đoạn", "add": "Thêm mục", "remove_section": "Bỏ mục", "imported": "Đã nhập",
           "back": "Về hồ sơ để xử lý góp ý"},
    "en": {"saved": "Saved", "saving": "Saving…", "remove": "Remove", "failed": "Error", "added": "new comments",
           "replace": "Replace", "delete": "Delete", "insert": "Insert", "before": "before", "after": "after",
           "text": "Rewrite paragraph", "add": "Add section", "remove_section": "Remove section",
           "imported": "Imported", "back": "Back to the dossier to decide them"},
}
DECISIONS = (Decision.ACCEPTED, Decision.PARTLY_ACCEPTED, Decision.NOT_ACCEPTED, Decision.NOTED)


def lang_of(value: str | None) -> str:
    return value if value in LANGS else "vi"


def messages(lang: str) -> dict[str, str]:
    return MESSAGES[lang_of(lang)]


def decision_labels(lang: str) -> dict[str, str]:
    """Decision value → label, pending included, in the order the pages offer them."""
    labels = DECISION_LABELS[lang_of(lang)]
    return {d.value: labels[d] for d in (*DECISIONS, Decision.PENDING)}
