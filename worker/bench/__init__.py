"""``eventwire bench``: throughput and latency through the real broker, against two references.

- :mod:`worker.bench.corpus` the articles (a realistic mix of lengths) and what spaCy sees of them;
- :mod:`worker.bench.ceiling` reference (a): plain ``nlp.pipe`` in as many processes as the worker;
- :mod:`worker.bench.naive` reference (b): a Faust agent calling the pipeline on its event loop;
- :mod:`worker.bench.load` the load generator and the output probe (sent/received times);
- :mod:`worker.bench.procs` worker subprocesses and their peak RSS;
- :mod:`worker.bench.runner` one whole run; :mod:`worker.bench.report` the table.
"""
