/**
 * The contract suite for {@link org.homeautomation.backup.api.BackupAgent} implementations.
 *
 * <p>An agent's test extends {@link org.homeautomation.backup.agent.testkit.BackupAgentContractTest}, supplies a fresh
 * agent for each test and, when it can, an {@link org.homeautomation.backup.agent.testkit.Outage} that cuts the agent
 * off from its storage. The other public types are the kit's tools (deterministic archives, sources that fail or pause
 * on purpose, a progress recorder); agents may use them in tests of their own.
 */
@Export
@Version("1.0.0")
package org.homeautomation.backup.agent.testkit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
