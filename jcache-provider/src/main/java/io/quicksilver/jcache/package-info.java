/**
 * The JSR-107 provider (issue 4). Empty until then: the module exists so the build and the
 * enforcer rule (no Netty here) are in place from the start.
 */
package io.quicksilver.jcache;
