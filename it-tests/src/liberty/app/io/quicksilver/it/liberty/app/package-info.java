/**
 * The Liberty test's web application, compiled by the test itself against Liberty's servlet API
 * jar and deployed as a WAR. Nullness: parameters may be null where a request omits them.
 * Threading: the servlet is stateless; a session is used by one request at a time in the test.
 */
package io.quicksilver.it.liberty.app;
