"""Recording a concern: the data a volunteer gives, its checks, and the sealed letterbox."""
