-- Partial sync and actions read a task's WBS children by index, so their cost does not grow with the Box.
CREATE INDEX wbs_nodes_children ON wbs_nodes (box_id, parent_node_id) WHERE parent_node_id IS NOT NULL;
