package io.longitude.jobs; final class Placeholder {}
