package io.boxsync.core.wbs;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class NaturalOrderProperties {

    @Property(tries = 300)
    void theOrderIsTotalAndConsistentWithEquals(@ForAll("keys") String a, @ForAll("keys") String b, @ForAll("keys") String c) {
        NaturalOrder order = NaturalOrder.INSTANCE;

        assertThat(Integer.signum(order.compare(a, b))).isEqualTo(-Integer.signum(order.compare(b, a)));
        assertThat(order.compare(a, b) == 0).isEqualTo(a.equals(b));
        if (order.compare(a, b) <= 0 && order.compare(b, c) <= 0) {
            assertThat(order.compare(a, c)).isLessThanOrEqualTo(0);
        }
    }

    @Property(tries = 200)
    void keysOfOneProjectSortByTheirNumber(@ForAll("numbers") long x, @ForAll("numbers") long y) {
        assertThat(Integer.signum(NaturalOrder.INSTANCE.compare("PRJ-" + x, "PRJ-" + y)))
                .isEqualTo(Long.signum(x - y));
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.strings().withChars("AB-0129").ofMaxLength(6);
    }

    @Provide
    Arbitrary<Long> numbers() {
        return Arbitraries.longs().between(0, 1_000_000_000_000L);
    }
}
