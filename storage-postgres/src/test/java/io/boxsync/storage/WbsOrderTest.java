package io.boxsync.storage;

import io.boxsync.core.domain.TaskId;
import io.boxsync.core.domain.WbsBuilder;
import io.boxsync.core.domain.WbsNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WbsOrderTest {
    private static WbsNode group(String id, String parent, int position) {
        return new WbsNode(id, parent, position, null, WbsBuilder.Kind.PROJECT, id);
    }

    private static WbsNode task(long id, String parent, int position) {
        return new WbsNode("t:" + id, parent, position, TaskId.of(id), null, "");
    }

    @Test
    void parentsComeBeforeTheirChildrenAndSiblingsFollowTheirPositions() {
        WbsNode a = group("g:a", null, 1);
        WbsNode b = group("g:b", null, 0);
        WbsNode a1 = task(1, "g:a", 1);
        WbsNode a0 = task(2, "g:a", 0);
        WbsNode b0 = task(3, "g:b", 0);
        WbsNode deep = task(4, "t:2", 0);
        assertThat(JdbiBoxContentStore.depthFirst(List.of(deep, a1, a, b0, a0, b)))
                .containsExactly(b, b0, a, a0, deep, a1);
    }

    @Test
    void nodesWithAMissingParentAreShownAtTheTopAndACycleDoesNotLoop() {
        WbsNode orphan = task(1, "g:gone", 0);
        WbsNode x = task(2, "t:3", 0);
        WbsNode y = task(3, "t:2", 0);
        List<WbsNode> ordered = JdbiBoxContentStore.depthFirst(List.of(orphan, x, y));
        assertThat(ordered).startsWith(orphan).containsExactlyInAnyOrder(orphan, x, y);
    }
}
