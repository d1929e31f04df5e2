#!/bin/sh
# Fills corpus/ with starting inputs: the example submissions, the format
# fixtures and the small templates for read_bytes; every part of the
# templates, prefixed with the byte that selects it, for xml_parts.
set -eu
cd "$(dirname "$0")"
mkdir -p corpus/read_bytes corpus/xml_parts corpus/xlsx_diff
cp ../examples/收件箱/*.xlsx ../examples/收件箱/*.xls ../examples/收件箱/*.ods corpus/read_bytes/
cp ../tests/fixtures/*.xls* ../tests/fixtures/*.ods corpus/read_bytes/
cp templates/small.* corpus/read_bytes/
if [ -d regressions/read_bytes ]; then cp regressions/read_bytes/* corpus/read_bytes/ 2>/dev/null || true; fi
python3 - <<'PY'
import zipfile
for t, name in ((0, "templates/small.xlsx"), (1, "templates/small.ods")):
    with zipfile.ZipFile(name) as z:
        for i, info in enumerate(z.infolist()):
            sel = (i << 1) | t
            if sel > 255:
                continue
            with open(f"corpus/xml_parts/{t}-{i:02d}", "wb") as f:
                f.write(bytes([sel]) + z.read(info))
            if t == 0:
                with open(f"corpus/xlsx_diff/{i:02d}", "wb") as f:
                    f.write(bytes([i]) + z.read(info))
PY
echo "corpus: $(ls corpus/read_bytes | wc -l) read_bytes, $(ls corpus/xml_parts | wc -l) xml_parts, $(ls corpus/xlsx_diff | wc -l) xlsx_diff"
