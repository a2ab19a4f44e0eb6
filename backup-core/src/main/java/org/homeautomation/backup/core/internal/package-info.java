package org.homeautomation.backup.core.internal;
