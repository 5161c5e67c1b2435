"""The org chart in the browser: ``orgraph serve`` and the self-contained HTML chart.

A consumer of the library like :mod:`viz`'s static charts: it reads through the
query functions (:mod:`graph.queries`) and :func:`graph.store.reader.read_org`
in managed read transactions, and never writes.

- :mod:`viz.web.data` turns an org model into the compact arrays the chart draws;
- :mod:`viz.web.card` builds a post card from the library's queries;
- :mod:`viz.web.app` is the Starlette application (token, pages, JSON API);
- :mod:`viz.web.standalone` writes one HTML file with data and scripts inlined.

The browser side is ``static/orgchart.js`` over d3 7.9.0 (vendored from npm,
``static/vendor/``); nothing is fetched from the network.
"""
