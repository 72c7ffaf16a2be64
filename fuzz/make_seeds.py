#!/usr/bin/env python3
"""Writes the starting corpus of the fuzz targets into fuzz/corpus/<target>/.

Small, uncompressed documents (so mutations reach the parsers, not the deflate decoder):
PDFs with a standard font, a ruled table, and a Type0 font with a ToUnicode CMap; DOCX
files stored without compression, with headings, merged cells and nested tables; pieces
of the seed text export when ../shared is present (JUESUAN_SHARED overrides); web pages
in UTF-8 and GBK with merged cells, nested tables, scripts and entities.
"""
import io
import os
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("JUESUAN_SHARED", os.path.join(HERE, "..", "..", "shared"))


def pdf(pages, fonts):
    """pages: content streams; fonts: extra object bodies, font i is object 3 + i."""
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", None]
    objs += fonts
    res = " ".join(f"/F{i + 1} {3 + i} 0 R" for i in range(len(fonts)))
    kids = []
    for c in pages:
        n = len(objs) + 1
        kids.append(f"{n} 0 R")
        objs.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << {res} >> >> /Contents {n + 1} 0 R >>"
        )
        objs.append(f"<< /Length {len(c.encode('latin-1'))} >>\nstream\n{c}\nendstream")
    objs[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.7\n")
    offs = []
    for i, o in enumerate(objs):
        offs.append(len(out))
        out += f"{i + 1} 0 obj\n{o}\nendobj\n".encode("latin-1")
    x = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for o in offs:
        out += f"{o:010} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{x}\n%%EOF\n".encode()
    return bytes(out)


HELV = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
CMAP_TEXT = """/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CMapName /Test def 1 begincodespacerange <0000> <FFFF> endcodespacerange
4 beginbfchar <0001> <6536> <0002> <5165> <0003> <5408> <0004> <8BA1> endbfchar
1 beginbfrange <0010> <0019> <0030> endbfrange
1 beginbfrange <0020> <0021> [<4E07> <5143>] endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end"""


def type0(cmap_obj):
    return (
        "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
        f"/DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun "
        f"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        f"/DW 1000 /W [1 [1000 1000 1000 1000] 16 25 500] >>] /ToUnicode {cmap_obj} 0 R >>"
    )


def table_stream():
    # A 3 x 3 ruled grid with a merged header cell and numbers in it.
    s = ["0.5 w"]
    for y in (700, 680, 660, 640):
        s.append(f"72 {y} m 372 {y} l S")
    for x in (72, 172, 272, 372):
        s.append(f"{x} 640 m {x} {700 if x in (72, 372) else 680} l S")
    s.append("BT /F1 10 Tf 80 686 Td (Income and expenditure) Tj ET")
    s.append("BT /F1 10 Tf 80 666 Td (201) Tj 100 0 Td (2,946.25) Tj 100 0 Td (6.20) Tj ET")
    s.append("BT /F1 10 Tf 80 646 Td (Total) Tj 100 0 Td [(29) -120 (46.25)] TJ ET")
    return "\n".join(s)


def pdfs():
    cmap = f"<< /Length {len(CMAP_TEXT)} >>\nstream\n{CMAP_TEXT}\nendstream"
    yield "plain.pdf", pdf(
        ["BT /F1 12 Tf 72 760 Td (Shanghai 2024 final accounts;) Tj 0 -16 Td (Total 2995.39) Tj ET"],
        [HELV],
    )
    yield "table.pdf", pdf([table_stream(), "BT /F1 12 Tf 72 760 Td (2) Tj ET"], [HELV])
    yield "cjk.pdf", pdf_cjk(cmap)
    yield "ops.pdf", pdf(
        [
            "q 2 0 0 2 0 0 cm BT /F1 8 Tf 14 TL 1 Tc 2 Tw 90 Tz 1 Ts 36 380 Td (a) ' 1 2 (b) \" "
            "T* (c) Tj 0 0 1 1 0 0 Tm (d) Tj ET Q"
        ],
        [HELV],
    )


def shared_pdfs():
    # The template (322 KB, compressed streams) reaches the filters and real CJK fonts.
    t = os.path.join(SHARED, "reference", "shanghai-template-2024.pdf")
    if os.path.exists(t):
        yield "template.pdf", open(t, "rb").read()


def pdf_cjk(cmap):
    # Objects: 1 catalog, 2 pages, 3 Helvetica, 4 Type0 font, 5 CMap, then the page.
    body = (
        "BT /F2 12 Tf 72 760 Td <0001000200030004> Tj 0 -16 Td <00120010001300200021> Tj ET\n"
        "BT /F1 9 Tf 290 30 Td (- 3 -) Tj ET"
    )
    return pdf([body], [HELV, type0(5), cmap])


def docx(xml):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", xml)
    return b.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docxs():
    def p(t, style=""):
        ppr = '<w:pPr><w:pStyle w:val="%s"/></w:pPr>' % style if style else ""
        return '<w:p>%s<w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % (ppr, t)

    tc = lambda t, extra="": f"<w:tc><w:tcPr>{extra}</w:tcPr>{p(t)}</w:tc>"
    table = (
        "<w:tbl><w:tr>" + tc("项目", '<w:gridSpan w:val="2"/>') + tc("金额", '<w:vMerge w:val="restart"/>')
        + "</w:tr><w:tr>" + tc("201") + tc("一般公共服务支出") + tc("", "<w:vMerge/>") + "</w:tr>"
        + "<w:tr>" + tc("合计") + tc("") + tc("2,946.25") + "</w:tr></w:tbl>"
    )
    body = (
        p("上海市普陀区财政局2024年度部门决算", "Title")
        + p("第二部分 2024年度部门决算表", "Heading1")
        + p("收入支出决算总表")
        + p("单位：万元")
        + table
        + p("本年收入合计2946.25万元，比上年增加10万元，增长0.34%。")
    )
    yield "plain.docx", docx(f"<w:document {W}><w:body>{body}</w:body></w:document>")
    nested = "<w:tbl><w:tr><w:tc>" + table + "</w:tc></w:tr></w:tbl>"
    yield "nested.docx", docx(f"<w:document {W}><w:body>{nested}</w:body></w:document>")


def texts():
    yield "small.txt", (
        "上海市普陀区测试局2024年度部门决算\n一般公共预算财政拨款支出决算表\n单位：万元\n"
        "\t科目编码\n\t科目名称\n\t合计\n\n\t201\n\t一般公共服务支出\n\t90\n\n"
        "2024年度一般公共预算财政拨款支出100万元，比上年90万元增加10万元，增长11.11%。\n"
    ).encode()
    seed = os.path.join(SHARED, "seed", "xicheng-kexin-2024-juesuan.txt")
    if os.path.exists(seed):
        text = open(seed, encoding="utf-8").read()
        chunk, n = [], 0
        for block in text.split("\n\n"):
            chunk.append(block)
            if sum(len(c) for c in chunk) > 3000:
                yield f"seed{n:03}.txt", "\n\n".join(chunk).encode()
                chunk, n = [], n + 1


def htmls():
    table = (
        "<table><caption>一般公共预算财政拨款支出决算表<div>单位：万元</div></caption>"
        "<tr><th rowspan=2>科目编码</th><th rowspan=2>科目名称</th><th colspan=2>本年支出</th></tr>"
        "<tr><th>基本支出</th><th>项目支出</th></tr>"
        "<tr><td>201</td><td>一般公共服务支出</td><td>60</td><td>30</td></tr>"
        "<tr><td colspan=2>合计</td><td>60</td><td>30<table><tr><td>嵌套</td></tr></table></td></tr></table>"
    )
    body = (
        "<h1>上海市普陀区测试局2024年度部门决算</h1><script>var a = '<p>';</script>"
        "<style>p{}</style><div>　　2024年度一般公共预算财政拨款支出90万元，<br>比上年增加10万元&nbsp;。</div>"
        f"<pre>注：\n本表无数据</pre>{table}"
    )
    page = f"<!DOCTYPE html><html><head><meta charset=\"CHARSET\"><title>t</title></head><body>{body}</body></html>"
    yield "utf8.html", page.replace("CHARSET", "utf-8").encode()
    yield "gbk.html", page.replace("CHARSET", "gb2312").encode("gbk")


def main():
    for target, items in (("check_pdf", list(pdfs()) + list(shared_pdfs())), ("check_docx", docxs()), ("check_text", texts()), ("check_html", htmls())):
        d = os.path.join(HERE, "corpus", target)
        os.makedirs(d, exist_ok=True)
        for name, data in items:
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
        print(target, len(os.listdir(d)), "files")


if __name__ == "__main__":
    sys.exit(main())
