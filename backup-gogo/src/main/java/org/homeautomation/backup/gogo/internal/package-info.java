/**
 * Apache Felix Gogo commands for the backup manager, for runtimes without the Karaf shell.
 */
package org.homeautomation.backup.gogo.internal;
