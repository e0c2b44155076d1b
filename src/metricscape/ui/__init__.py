"""metricscape.ui"""
