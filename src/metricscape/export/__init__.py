"""metricscape.export"""
