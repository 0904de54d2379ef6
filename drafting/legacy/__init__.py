"""Legacy Vietnamese input: TCVN3 and VNI text recognised by its fonts and
converted to Unicode (`convert_legacy_parts`, `convert_document`,
`convert_package`), and .doc/.rtf/.odt files turned into .docx by LibreOffice
(`to_docx_bytes`). DESIGN.md §10."""
from .convert import convert_legacy_parts
from .documents import convert_document, convert_file, convert_package
from .libreoffice import to_docx_bytes
from .report import LegacyReport, collect_reports

__all__ = ["LegacyReport", "collect_reports", "convert_document", "convert_file", "convert_legacy_parts", "convert_package",
           "to_docx_bytes"]
