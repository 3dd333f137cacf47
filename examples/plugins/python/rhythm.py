"""The rhythm analyser of the pipeline example, in Python: how long the
sentences are, and how much their length varies.

World `analyzer` (examples/wit/worlds/pipeline/worlds.wit): exports
`text:analyzer/analyzer` and imports the shared `text:tokenizer/tokenizer`.
It reads the text through the tokenizer plugin, whose `document` resource it
creates and drops as the C analysers do. Built by examples/build-python-plugin.sh with componentize-py;
`wit_world` is the package componentize-py generates from the WIT.
"""

from wit_world import exports
from wit_world.exports.analyzer import Analysis, Metric
from wit_world.imports.tokenizer import Document


class Analyzer(exports.Analyzer):
    def describe(self) -> str:
        return "measures the rhythm of the sentences (written in Python)"

    def analyze(self, text: str) -> Analysis:
        # The document lives in the tokenizer plugin; leaving the `with`
        # drops our handle, which runs the tokenizer's destructor.
        with Document(text) as document:
            words = [0] * document.sentence_count()
            while (token := document.next_token()) is not None:
                if token.sentence < len(words):
                    words[token.sentence] += 1
        words = [n for n in words if n > 0]
        if not words:
            return Analysis(summary="no sentences", metrics=[])
        mean = sum(words) / len(words)
        spread = (sum((n - mean) ** 2 for n in words) / len(words)) ** 0.5
        rhythm = "varied" if spread >= mean / 3 else "even"
        return Analysis(
            summary=f"{rhythm} rhythm: {len(words)} sentences of {mean:.1f} words on average",
            metrics=[
                Metric(name="shortest sentence", value=f"{min(words)} words"),
                Metric(name="longest sentence", value=f"{max(words)} words"),
                Metric(name="spread", value=f"{spread:.1f} words"),
            ],
        )
