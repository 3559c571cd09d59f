"""Loopback simulators of the distributors' order APIs: WPS, Parts Unlimited, Tucker and
Automatic Distributors. Their shapes and limits follow shared/research/distributors.md; what
the research could not confirm is marked in each module's docstring as the sandbox's own."""
