/**
 * Which entries of a backup a person chose by globs over {@code content/path}: for listings, comparisons, and
 * restores of single paths into another folder or into the live folders. The entry point is
 * {@link org.homeautomation.backup.core.internal.paths.PathSelection}.
 */
package org.homeautomation.backup.core.internal.paths;
