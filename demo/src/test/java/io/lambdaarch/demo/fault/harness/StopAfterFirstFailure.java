package io.lambdaarch.demo.fault.harness;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * For an ordered class whose tests build on each other's state: once one fails, the later ones are skipped. They
 * would fail too (the pipeline no longer matches the truth they extend), each only after its full timeout.
 */
public final class StopAfterFirstFailure implements TestWatcher, ExecutionCondition {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StopAfterFirstFailure.class);

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        store(context).put(context.getRequiredTestClass().getName(), context.getDisplayName());
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("the class itself always runs");
        }
        String failed = store(context).get(context.getRequiredTestClass().getName(), String.class);
        if (failed == null) {
            return ConditionEvaluationResult.enabled("no earlier test failed");
        }
        return ConditionEvaluationResult.disabled("skipped: the earlier test " + failed
                + " failed, so the shared pipeline no longer matches the truth this test builds on");
    }

    private static ExtensionContext.Store store(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE);
    }
}
