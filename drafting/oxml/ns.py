"""Every namespace, relationship type and content type the project names, in one place."""
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
XML_NS = "http://www.w3.org/XML/1998/namespace"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
PR_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CORE_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"     # w14:paraId of paragraphs
W15_NS = "http://schemas.microsoft.com/office/word/2012/wordml"     # comment threads (commentsExtended)
ODF_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
NSMAP = {"w": W_NS, "r": R_NS, "mc": MC_NS}

# Relationship types.
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
OFFICE_DOCUMENT_REL = _RT + "officeDocument"
STRICT_OFFICE_DOCUMENT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
STYLES_REL = _RT + "styles"
NUMBERING_REL = _RT + "numbering"
COMMENTS_REL = _RT + "comments"
FOOTNOTES_REL = _RT + "footnotes"
ENDNOTES_REL = _RT + "endnotes"
HEADER_REL = _RT + "header"
FOOTER_REL = _RT + "footer"
CORE_PROPERTIES_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
# The parts a Word comment lives in besides `comments.xml`: replies and
# resolved state (2012), durable ids (2016), dates and authors' ids (2018).
COMMENT_RELS = (
    COMMENTS_REL,
    "http://schemas.microsoft.com/office/2011/relationships/commentsExtended",
    "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds",
    "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible",
)
COMMENTS_EXTENDED_REL = COMMENT_RELS[1]
# The parts besides the main one that hold text: revisions and comment marks live there too.
STORY_RELS = (HEADER_REL, FOOTER_REL, FOOTNOTES_REL, ENDNOTES_REL, COMMENTS_REL)

# Content types.
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
WML_MAIN = WML + "document.main+xml"
WML_COMMENTS = WML + "comments+xml"
# The parts that hold WordprocessingML a revision may touch, or number from.
WORD_PART_TYPES = tuple(WML + t for t in (
    "document.main+xml", "header+xml", "footer+xml", "footnotes+xml", "endnotes+xml", "comments+xml",
    "styles+xml", "numbering+xml", "settings+xml"))
THEME = "application/vnd.openxmlformats-officedocument.theme+xml"
# The Word comment parts python-docx keeps as bytes; the package layer parses them like the others.
COMMENT_PART_TYPES = tuple(WML + t for t in ("commentsExtended+xml", "commentsIds+xml", "commentsExtensible+xml"))


def w(tag: str) -> str:
    """Clark name of a `w:` element or attribute."""
    return f"{{{W_NS}}}{tag}"
