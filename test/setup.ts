// Jest setup: Inversify's decorators need the reflect-metadata polyfill before any class loads.
import 'reflect-metadata';
