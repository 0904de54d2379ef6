"""Namespaces and qualified names used across the XML layer."""
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {"w": W_NS, "r": R_NS, "mc": MC_NS}


def w(tag: str) -> str:
    """Clark name of a `w:` element or attribute."""
    return f"{{{W_NS}}}{tag}"
