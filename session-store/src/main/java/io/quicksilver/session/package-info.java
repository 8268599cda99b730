/**
 * The distributed HttpSession store (issue 5). Empty until then: the module exists so the build
 * and the enforcer rule (no Netty here) are in place from the start.
 */
package io.quicksilver.session;
