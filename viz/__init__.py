"""Org charts with Graphviz: :func:`viz.render.render` draws an org model to SVG, PNG, PDF or DOT."""
