"""The build machinery: the step graph, the pipeline, rendering, the command line, the benchmark."""
