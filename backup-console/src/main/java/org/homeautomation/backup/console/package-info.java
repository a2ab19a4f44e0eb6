/**
 * What the {@code backup:*} console commands do and print, written once for both shells: {@code backup-gogo} (Apache
 * Felix Gogo) and {@code backup-karaf-commands} (Apache Karaf) map their framework's arguments, prompts and tables to
 * these classes and nothing more. Not exported: each shell bundle carries its own copy of the package.
 */
package org.homeautomation.backup.console;
