package dev.outbound.testkit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives each test a fresh {@link SimulatedProvider} and {@link FakeClock}, and closes the
 * simulator after the test. Use it either way:
 *
 * <pre>{@code
 * @ExtendWith(SimulatorExtension.class)
 * class MyTest {
 *     @Test void retries(SimulatedProvider sim, FakeClock clock) { ... }
 * }
 *
 * class MyOtherTest {
 *     @RegisterExtension final SimulatorExtension simulator = new SimulatorExtension();
 *     @Test void retries() { simulator.provider().on(...); ... }
 * }
 * }</pre>
 *
 * <p>Parameters of type {@link SimulatedProvider} and {@link FakeClock} are resolved for test methods and for
 * {@code @BeforeEach} and {@code @AfterEach} methods; within one test they are always the same instances.
 *
 * <p>Thread-safe as JUnit uses it: each test's objects live in that test's extension store. The accessors
 * {@link #provider()} and {@link #clock()} read the last test started through this instance, so a statically
 * registered instance should not serve tests that run concurrently; an instance field (the usual way) is safe.
 */
public final class SimulatorExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SimulatorExtension.class);

    private volatile Fixture current;

    /** What one test gets. */
    private record Fixture(SimulatedProvider provider, FakeClock clock) {
    }

    /** An extension whose clocks start at {@link FakeClock#DEFAULT_START}. */
    public SimulatorExtension() {
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        current = fixture(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Fixture fixture = context.getStore(NAMESPACE).remove(Fixture.class, Fixture.class);
        if (fixture != null) {
            fixture.provider().close();
        }
        current = null;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return (type == SimulatedProvider.class || type == FakeClock.class)
                && extensionContext.getTestMethod().isPresent();
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        Fixture fixture = fixture(extensionContext);
        if (type == SimulatedProvider.class) {
            return fixture.provider();
        }
        if (type == FakeClock.class) {
            return fixture.clock();
        }
        throw new ParameterResolutionException("SimulatorExtension cannot resolve " + type.getName());
    }

    /** The current test's simulator. */
    public SimulatedProvider provider() {
        return requireCurrent().provider();
    }

    /** The current test's clock. */
    public FakeClock clock() {
        return requireCurrent().clock();
    }

    private Fixture requireCurrent() {
        Fixture fixture = current;
        if (fixture == null) {
            throw new IllegalStateException("SimulatorExtension: no test is running (use it from a test or @BeforeEach)");
        }
        return fixture;
    }

    private static Fixture fixture(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(Fixture.class,
                key -> new Fixture(SimulatedProvider.start(), new FakeClock()), Fixture.class);
    }
}
