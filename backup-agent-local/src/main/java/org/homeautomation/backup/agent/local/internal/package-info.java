package org.homeautomation.backup.agent.local.internal;
