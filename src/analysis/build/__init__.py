"""The build machinery: the step graph, the pipeline, rendering, the command line, the benchmark."""

from analysis.build import unused

unused.skip()  # every process of the build imports this package first
