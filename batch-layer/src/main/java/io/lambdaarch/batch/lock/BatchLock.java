package io.lambdaarch.batch.lock;

/**
 * The batch job's lock in the warehouse, held on its own connection for the whole run. Closing it releases the
 * lock; so does the end of the process in any way (the warehouse drops the connection's locks with it), which is
 * why a killed run never leaves a stale lock behind.
 */
public interface BatchLock extends AutoCloseable {
    @Override
    void close();
}
