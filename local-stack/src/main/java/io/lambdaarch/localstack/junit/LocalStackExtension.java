package io.lambdaarch.localstack.junit;

import io.lambdaarch.common.files.Directories;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.LocalStackConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives integration tests the embedded stack: one {@link LocalStack} per test JVM on free ports and a temporary
 * directory, started on first use and stopped when the JVM's tests are done. Tests take it as a parameter
 * (constructor, {@code @BeforeAll} or test method) and usually carve out a {@code sandbox(...)} of their own.
 *
 * <pre>{@code
 * @ExtendWith(LocalStackExtension.class)
 * class LandingIT {
 *     @BeforeAll static void setUp(LocalStack stack) { sandbox = stack.sandbox("landing"); }
 * }
 * }</pre>
 */
public final class LocalStackExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalStackExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == LocalStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return stack(extensionContext);
    }

    /** The JVM-wide stack, started on first call. */
    public static LocalStack stack(ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        return store.getOrComputeIfAbsent(RunningStack.class, key -> RunningStack.start(), RunningStack.class).stack();
    }

    /** Closed by JUnit when the root context closes, i.e. after the last test of the JVM. */
    private record RunningStack(LocalStack stack, Path dataDir) implements ExtensionContext.Store.CloseableResource {
        static RunningStack start() {
            try {
                Path dataDir = Files.createTempDirectory("lambda-stack-");
                return new RunningStack(LocalStack.start(LocalStackConfig.ephemeral(dataDir), false), dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            stack.close();
            Directories.deleteRecursively(dataDir);
        }
    }
}
