/**
 * CDI beans the annotation tests call: each counts the real invocations of its methods, so a
 * test can tell a cached answer from a computed one. Non-null unless a method says otherwise;
 * counters are thread-safe.
 */
package io.quicksilver.jcache.annotation.beans;
