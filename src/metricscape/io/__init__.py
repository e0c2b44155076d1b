"""metricscape.io"""
