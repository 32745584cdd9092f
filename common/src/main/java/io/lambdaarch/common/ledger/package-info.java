/**
 * The ledger: the tables the layers share (landing_offsets, landing_runs, batch_runs, speed_commits, speed_lease,
 * speed_late_rows), one record per row kind and one reader and one writer per table. Every read and write of those
 * tables in the project goes through here ({@code LedgerBoundaryTest} says so); writers take the caller's connection,
 * so they join its transaction.
 */
package io.lambdaarch.common.ledger;
